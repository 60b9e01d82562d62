import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../platform/db/connect.ts';
import { testDialects } from '../../platform/testing/test-database.ts';
import { createAccountDirect } from '../testing/customer.ts';
import { fixtureSettings, insertLogin, useMigratedDatabase, type FixtureLogin } from '../testing/account-fixture.ts';
import { assessLogin } from './assess-login.ts';
import { verifyFreezeToken } from './freeze-link.ts';
import { openText } from '../../platform/encryption.ts';
import { accountMailTextContext } from '../queue-account-mail.ts';

const SHANGHAI = { country: 'CN', city: 'Shanghai', latitude: 31.2304, longitude: 121.4737 };
const FRANKFURT = { country: 'DE', city: 'Frankfurt am Main', latitude: 50.1109, longitude: 8.6821 };
const MINUTE = 60_000;

describe.each(testDialects())('assessLogin (%s)', (dialect) => {
  const test = useMigratedDatabase(dialect);
  let db: Db;
  beforeAll(() => {
    db = test.db;
  });

  /** Writes the sign-in's row, as the sign-in route does, then assesses it. */
  async function signIn(accountId: number, l: FixtureLogin) {
    const loginId = await insertLogin(db, accountId, l);
    const reasons = await assessLogin(db, fixtureSettings, {
      accountId,
      loginId,
      ip: l.ip ?? '203.0.113.7',
      country: l.country ?? null,
      city: l.city ?? null,
      latitude: l.latitude ?? null,
      longitude: l.longitude ?? null,
      deviceHash: l.deviceHash ?? 'laptop',
      device: l.device ?? 'Firefox 130 on Linux',
      at: l.at,
    });
    const row = await db.selectFrom('account_logins').select(['flagged', 'flag_reasons']).where('id', '=', loginId).executeTakeFirstOrThrow();
    return { reasons, flagged: row.flagged, stored: JSON.parse(row.flag_reasons) as string[] };
  }
  const mailsOf = (accountId: number) => db.selectFrom('account_mails').selectAll().where('account_id', '=', accountId).orderBy('id').execute();

  it('the first sign-in is never flagged and mails nothing', async () => {
    const id = (await createAccountDirect(db, { email: 'first@example.test', verified: true })).id;
    expect(await signIn(id, { at: Date.now(), ...FRANKFURT, deviceHash: 'odd' })).toEqual({ reasons: [], flagged: 0, stored: [] });
    expect(await mailsOf(id)).toHaveLength(0);
  });

  it('Shanghai then Frankfurt 30 minutes later: flagged, and the alert mail says when, where and how to freeze', async () => {
    const id = (await createAccountDirect(db, { email: 'travel@example.test', verified: true })).id;
    const t0 = Date.now() - 60 * MINUTE;
    await signIn(id, { at: t0, ...SHANGHAI });
    const second = await signIn(id, { at: t0 + 30 * MINUTE, ...FRANKFURT, ip: '198.51.100.9' });
    expect(second).toEqual({ reasons: ['new_country', 'impossible_travel'], flagged: 1, stored: ['new_country', 'impossible_travel'] });

    const [mail, ...more] = await mailsOf(id);
    expect(more).toHaveLength(0);
    expect(mail).toMatchObject({ kind: 'unusual_login', to_address: 'travel@example.test', status: 'queued', subject: expect.stringMatching(/unusual sign-in/i) });
    expect(mail?.text).toContain('Where: Frankfurt am Main, Germany (IP 198.51.100.9)');
    expect(mail?.text).toContain('Firefox 130 on Linux');
    // The row keeps the link redacted; the live one waits, sealed, for the mailbox to compose it.
    expect(mail?.text).toContain('/account/freeze?token=[redacted]');
    const live = openText(mail?.text_sealed ?? '', accountMailTextContext(mail?.id ?? 0));
    const token = /\/account\/freeze\?token=(\S+)/.exec(live)?.[1] ?? '';
    expect(verifyFreezeToken(fixtureSettings, token)).toBe(id);
  });

  it('the alert names the country in the reader\'s language, with full-width punctuation in Chinese', async () => {
    const id = (await createAccountDirect(db, { email: 'zh-travel@example.test', locale: 'zh-CN', verified: true })).id;
    const t0 = Date.now() - 60 * MINUTE;
    await signIn(id, { at: t0, ...SHANGHAI });
    await signIn(id, { at: t0 + 30 * MINUTE, ...FRANKFURT, ip: '198.51.100.9' });
    const [mail] = await mailsOf(id);
    expect(mail?.subject).toBe('安全提醒：您的账户有一次异常登录');
    expect(mail?.text).toContain('地点：德国 Frankfurt am Main（IP 198.51.100.9）');
    expect(mail?.text).not.toMatch(/\bDE\b/);
  });

  it('the advice fits the account\'s second factors: never "turn on 2FA" to a customer who has it', async () => {
    const adviceFor = async (email: string, factors: { totp_enabled_at?: number; sms_enabled_at?: number }, locale: 'en' | 'zh-CN' = 'en') => {
      const id = (await createAccountDirect(db, { email, locale, verified: true })).id;
      if (Object.keys(factors).length) await db.updateTable('accounts').set(factors).where('id', '=', id).execute();
      const t0 = Date.now() - 60 * MINUTE;
      await signIn(id, { at: t0, ...SHANGHAI });
      await signIn(id, { at: t0 + 30 * MINUTE, ...FRANKFURT });
      return (await mailsOf(id))[0]?.text ?? '';
    };
    const none = await adviceFor('no-2fa@example.test', {});
    expect(none).toMatch(/turn on two-factor authentication/i);

    const totp = await adviceFor('totp@example.test', { totp_enabled_at: Date.now() - 86_400_000 });
    expect(totp).not.toMatch(/turn on two-factor/i);
    expect(totp).toMatch(/authenticator app is on/i);
    expect(totp).toMatch(/new recovery codes/i);

    const sms = await adviceFor('sms@example.test', { sms_enabled_at: Date.now() - 86_400_000 });
    expect(sms).not.toMatch(/turn on two-factor/i);
    expect(sms).toMatch(/switch to an authenticator app/i);

    const totpZh = await adviceFor('totp-zh@example.test', { totp_enabled_at: Date.now() - 86_400_000 }, 'zh-CN');
    expect(totpZh).not.toMatch(/开启双重验证/);
    expect(totpZh).toContain('重新绑定身份验证器');
  });

  it('the same city in a new browser is new_device only, and sends the new-device notice', async () => {
    const id = (await createAccountDirect(db, { email: 'browser@example.test', locale: 'zh-CN', verified: true })).id;
    const t0 = Date.now() - 60 * MINUTE;
    await signIn(id, { at: t0, ...SHANGHAI });
    expect((await signIn(id, { at: t0 + 10 * MINUTE, ...SHANGHAI, deviceHash: 'phone', device: 'Safari 18 on iOS' })).reasons).toEqual(['new_device']);
    const mails = await mailsOf(id);
    expect(mails.map((m) => m.kind)).toEqual(['new_device_login']);
    expect(mails[0]?.subject).toBe('新设备登录提醒');
    expect(mails[0]?.text).toContain('/account/freeze?token=');
    // Back on a device this account used before: nothing new.
    expect((await signIn(id, { at: t0 + 20 * MINUTE, ...SHANGHAI, deviceHash: 'phone' })).reasons).toEqual([]);
  });

  it('three failures in the hour before a success are a failure_burst; older failures and other accounts\' do not count', async () => {
    const id = (await createAccountDirect(db, { email: 'burst@example.test', verified: true })).id;
    const other = (await createAccountDirect(db, { email: 'bystander@example.test', verified: true })).id;
    const now = Date.now();
    await signIn(id, { at: now - 5 * 60 * MINUTE });
    for (const at of [now - 90 * MINUTE, now - 80 * MINUTE]) await insertLogin(db, id, { at, success: false });
    for (let i = 0; i < 5; i++) await insertLogin(db, other, { at: now - MINUTE, success: false });
    await insertLogin(db, id, { at: now - 30 * MINUTE, success: false });
    await insertLogin(db, id, { at: now - 20 * MINUTE, success: false });
    expect((await signIn(id, { at: now - 10 * MINUTE })).reasons).toEqual([]);
    await insertLogin(db, id, { at: now - 5 * MINUTE, success: false });
    expect((await signIn(id, { at: now })).reasons).toEqual(['failure_burst']);
  });

  it('another account\'s devices and countries are not this account\'s history', async () => {
    const a = (await createAccountDirect(db, { email: 'alice@example.test', verified: true })).id;
    const b = (await createAccountDirect(db, { email: 'bob@example.test', verified: true })).id;
    const t0 = Date.now() - 60 * MINUTE;
    await signIn(a, { at: t0, ...FRANKFURT, deviceHash: 'shared-looking' });
    await signIn(b, { at: t0, ...SHANGHAI });
    expect((await signIn(b, { at: t0 + 48 * 60 * MINUTE - 120 * MINUTE, ...FRANKFURT, deviceHash: 'shared-looking' })).reasons).toEqual(['new_device', 'new_country']);
  });
});
