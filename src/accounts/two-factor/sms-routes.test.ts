import { generateSync } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor, testDialects } from '../../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../../platform/testing/test-desk.ts';
import { CUSTOMER_PASSWORD, CustomerBrowser, signUpAndSignIn, waitForMail } from '../testing/customer.ts';
import { startLocalSmsProvider, type LocalSmsProvider } from './local-sms-provider.ts';
import { SMS_CODE_MAX_ATTEMPTS } from './sms-codes.ts';
import { SMS_PER_HOUR } from './send-sms-code.ts';

let phones = 0;
/** A number no other test of this run uses, so the per-number SMS limit of one test never hits another. */
const uniquePhone = () => `+1555${String(process.pid % 1000).padStart(3, '0')}${String(++phones).padStart(4, '0')}`;
const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

describe.each(testDialects())('SMS second factor over HTTP, through a local SMS provider (%s)', (dialect) => {
  let t: TestDesk;
  let provider: LocalSmsProvider;
  let failNext = false;
  const db = () => t.desk.handle.db;
  const accountRow = (id: number) => db().selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function enrolSms(browser: CustomerBrowser, phone: string) {
    const sent = provider.received.length;
    expect((await browser.request('POST', '/2fa/sms', { json: { phone } })).status).toBe(202);
    const code = await provider.codeFor(phone, sent);
    return browser.request('POST', '/2fa/sms/confirm', { json: { code } });
  }

  beforeAll(async () => {
    provider = await startLocalSmsProvider((_sms, res) => {
      if (failNext) res.writeHead(500).end('provider error');
      else res.writeHead(202).end('{}');
      failNext = false;
    });
    t = await startTestDesk(dialect, { WALLETDESK_SMS_GATEWAY_URL: provider.url, WALLETDESK_SMS_GATEWAY_TOKEN: 'provider-token', WALLETDESK_ACCOUNT_MAX_FAILURES: '8' });
  });
  afterAll(async () => {
    await t?.stop();
    await provider?.close();
  });
  beforeEach(async () => {
    await db().deleteFrom('rate_limit_hits').execute();
  });

  it('sends a code to the phone through the gateway; confirming turns SMS on with recovery codes, a hold and a notice', async () => {
    const { accountId, email, browser } = await signUpAndSignIn(t, { locale: 'zh-CN' });
    const phone = uniquePhone();
    const sent = provider.received.length;
    const r = await browser.request('POST', '/2fa/sms', { json: { phone } });
    expect(r.status).toBe(202);
    const sms = provider.received[sent]!;
    expect(sms.headers.authorization).toBe('Bearer provider-token');
    const body = JSON.parse(sms.body);
    expect(body.to).toBe(phone);
    expect(body.text).toMatch(/^【walletdesk】验证码 \d{6}，10 分钟内有效/);
    expect(await accountRow(accountId)).toMatchObject({ phone: null, sms_enabled_at: null });
    const stored = await db().selectFrom('account_sms_codes').selectAll().where('account_id', '=', accountId).execute();
    expect(JSON.stringify(stored)).not.toContain(/\d{6}/.exec(body.text)![0]);

    const code = await provider.codeFor(phone, sent);
    const confirmed = await browser.request('POST', '/2fa/sms/confirm', { json: { code } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.methods).toEqual(['sms', 'recovery']);
    expect(confirmed.body.recovery_codes).toHaveLength(10);
    expect(await accountRow(accountId)).toMatchObject({ phone, phone_verified_at: expect.any(Number), sms_enabled_at: expect.any(Number), hold_reason: 'two_factor_changed' });
    const mail = await waitForMail(t, email, /两步验证/);
    expect(mail.text).toContain('已开启短信两步验证');
    expect(mail.text).toMatch(/\/account\/freeze\?token=/);
    // The same phone again is nothing to confirm.
    expect((await browser.request('POST', '/2fa/sms', { json: { phone } })).body.error).toBe('sms_already_enabled');
  });

  it('refuses a phone number that is not E.164, and sends nothing', async () => {
    const { browser } = await signUpAndSignIn(t);
    const sent = provider.received.length;
    for (const phone of ['13812345678', '+0123456789', '+86 138 1234 5678', '+1234567890123456', 'tel:+15551234567', '']) {
      const r = await browser.request('POST', '/2fa/sms', { json: { phone } });
      expect(r.status, phone).toBe(400);
      expect(r.body.message).toBe('body.phone: expected a phone number in international E.164 form, such as +8613812345678');
    }
    expect(provider.received.length).toBe(sent);
  });

  it('a code survives 5 wrong tries, not 6; wrong and malformed codes change nothing', async () => {
    const { accountId, browser } = await signUpAndSignIn(t);
    const phone = uniquePhone();
    const sent = provider.received.length;
    await browser.request('POST', '/2fa/sms', { json: { phone } });
    const code = await provider.codeFor(phone, sent);
    const malformed = await browser.request('POST', '/2fa/sms/confirm', { json: { code: 'abc123' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toBe('body.code: expected the 6 digits of the SMS we sent');
    for (let i = 0; i < SMS_CODE_MAX_ATTEMPTS; i++) {
      const r = await browser.request('POST', '/2fa/sms/confirm', { json: { code: otherThan(code) } });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('wrong_code');
    }
    expect((await browser.request('POST', '/2fa/sms/confirm', { json: { code } })).status).toBe(400);
    expect(await accountRow(accountId)).toMatchObject({ phone: null, sms_enabled_at: null, hold_until: null });
    // A new code works.
    await db().deleteFrom('rate_limit_hits').execute();
    expect((await enrolSms(browser, phone)).status).toBe(200);
  });

  it("a code sent to one customer never confirms another's phone", async () => {
    const alice = await signUpAndSignIn(t);
    const bob = await signUpAndSignIn(t);
    const alicePhone = uniquePhone();
    const sent = provider.received.length;
    await alice.browser.request('POST', '/2fa/sms', { json: { phone: alicePhone } });
    const aliceCode = await provider.codeFor(alicePhone, sent);
    await bob.browser.request('POST', '/2fa/sms', { json: { phone: uniquePhone() } });
    expect((await bob.browser.request('POST', '/2fa/sms/confirm', { json: { code: aliceCode } })).status).toBe(400);
    expect(await accountRow(bob.accountId)).toMatchObject({ phone: null, sms_enabled_at: null });
    const aliceCodes = await db().selectFrom('account_sms_codes').select(['attempts', 'used_at']).where('account_id', '=', alice.accountId).execute();
    expect(aliceCodes).toEqual([{ attempts: 0, used_at: null }]);
    expect((await alice.browser.request('POST', '/2fa/sms/confirm', { json: { code: aliceCode } })).status).toBe(200);
  });

  it('SMS sending is rate limited per account', async () => {
    const { browser } = await signUpAndSignIn(t);
    for (let i = 0; i < SMS_PER_HOUR; i++) expect((await browser.request('POST', '/2fa/sms', { json: { phone: uniquePhone() } })).status).toBe(202);
    const sent = provider.received.length;
    const r = await browser.request('POST', '/2fa/sms', { json: { phone: uniquePhone() } });
    expect(r.status, JSON.stringify(r.body)).toBe(429);
    expect(r.body.error).toBe('locked_out');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(provider.received.length).toBe(sent);
  });

  it('a gateway failure answers 502 and leaves no live code behind', async () => {
    const { accountId, browser } = await signUpAndSignIn(t);
    failNext = true;
    const r = await browser.request('POST', '/2fa/sms', { json: { phone: uniquePhone() } });
    expect(r.status).toBe(502);
    expect(r.body.error).toBe('sms_not_sent');
    expect(await db().selectFrom('account_sms_codes').select('id').where('account_id', '=', accountId).execute()).toEqual([]);
  });

  it('POST /login/sms answers 202 always and texts a sign-in code only for the right password; the code signs in once', async () => {
    const { accountId, email, browser } = await signUpAndSignIn(t);
    const phone = uniquePhone();
    expect((await enrolSms(browser, phone)).status).toBe(200);
    const b = CustomerBrowser.of(t);

    const before = provider.received.length;
    for (const json of [{ email, password: 'wrong password entirely' }, { email: 'nobody-here@customer.test', password: 'whatever it is' }]) {
      const r = await b.request('POST', '/login/sms', { json });
      expect(r.status).toBe(202);
      expect(r.body).toEqual({ accepted: true });
    }
    expect((await b.signIn(email)).body.methods).toEqual(['sms', 'recovery']);
    const r = await b.request('POST', '/login/sms', { json: { email, password: CUSTOMER_PASSWORD } });
    expect(r.status).toBe(202);
    const code = await provider.codeFor(phone, before);
    expect(provider.received.length).toBe(before + 1);
    const enrolCodes = await db().selectFrom('account_sms_codes').select('purpose').where('account_id', '=', accountId).where('used_at', 'is', null).execute();
    expect(enrolCodes).toEqual([{ purpose: 'sign_in' }]);

    expect((await b.signIn(email, undefined, otherThan(code))).status).toBe(401);
    expect((await b.signIn(email, undefined, code)).status).toBe(200);
    expect((await CustomerBrowser.of(t).signIn(email, undefined, code)).status).toBe(401);
  });

  it('POST /login/sms sends nothing when SMS is off', async () => {
    const { email } = await signUpAndSignIn(t);
    const before = provider.received.length;
    expect((await CustomerBrowser.of(t).request('POST', '/login/sms', { json: { email, password: CUSTOMER_PASSWORD } })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 200));
    expect(provider.received.length).toBe(before);
  });

  it('a new phone is a phone change: its own hold reason and notice; turning SMS off needs a recent sign-in only', async () => {
    const { accountId, email, browser } = await signUpAndSignIn(t);
    const first = uniquePhone();
    expect((await enrolSms(browser, first)).status).toBe(200);
    const second = uniquePhone();
    const changed = await enrolSms(browser, second);
    expect(changed.status).toBe(200);
    expect(changed.body.recovery_codes).toBeUndefined();
    expect(await accountRow(accountId)).toMatchObject({ phone: second, hold_reason: 'phone_changed' });
    const mail = await waitForMail(t, email, /phone number of your account changed/i);
    expect(mail.text).toContain(`…${second.slice(-4)}`);
    expect(mail.text).not.toContain(second);
    expect(mail.text).toMatch(/\/account\/freeze\?token=/);

    const off = await browser.request('DELETE', '/2fa/sms');
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ methods: [] });
    expect(await accountRow(accountId)).toMatchObject({ phone: second, sms_enabled_at: null });
    expect((await browser.request('DELETE', '/2fa/sms')).body.error).toBe('sms_not_enabled');
    await waitFor(async () => (await db().selectFrom('account_mails').select('kind').where('account_id', '=', accountId).execute()).length >= 3);
  });
  it('a second factor added later brings new recovery codes only when asked for', async () => {
    const { accountId, browser } = await signUpAndSignIn(t);
    const first = await enrolSms(browser, uniquePhone());
    const paper = first.body.recovery_codes as string[];
    expect(paper).toHaveLength(10);
    const unusedCodes = async () => (await db().selectFrom('account_recovery_codes').select('id').where('account_id', '=', accountId).where('used_at', 'is', null).execute()).length;

    const start = await browser.request('POST', '/2fa/totp');
    const confirmed = await browser.request('POST', '/2fa/totp/confirm', { json: { code: generateSync({ secret: start.body.secret }) } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ methods: ['totp', 'sms', 'recovery'] });
    expect(await unusedCodes()).toBe(10);

    expect((await browser.request('DELETE', '/2fa/sms')).body).toEqual({ methods: ['totp', 'recovery'] });
    const again = await enrolSms(browser, uniquePhone());
    expect(again.body.recovery_codes).toBeUndefined();
    await db().deleteFrom('rate_limit_hits').execute();
    expect((await browser.request('DELETE', '/2fa/sms')).status).toBe(200);
    const asked = await (async () => {
      const phone = uniquePhone();
      const sent = provider.received.length;
      await browser.request('POST', '/2fa/sms', { json: { phone } });
      return browser.request('POST', '/2fa/sms/confirm', { json: { code: await provider.codeFor(phone, sent), new_recovery_codes: true } });
    })();
    expect(asked.body.recovery_codes).toHaveLength(10);
    expect(asked.body.recovery_codes).not.toContain(paper[0]);
    expect((await CustomerBrowser.of(t).signIn((await accountRow(accountId)).email, undefined, paper[0])).status).toBe(401);
  });
});
