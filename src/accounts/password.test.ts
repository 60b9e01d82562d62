import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { CUSTOMER_PASSWORD, CustomerBrowser, linkToken, signUpAndSignIn, uniqueEmail, waitForMail } from './testing/customer.ts';

const NEW_PASSWORD = 'lantern orchard 7 quietly hums';

describe.each(testDialects())('passwords: policy, reset, change, re-authentication (%s)', (dialect) => {
  let t: TestDesk;
  const db = () => t.desk.handle.db;
  const account = (id: number) => db().selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const sessionCount = async (id: number) => (await db().selectFrom('account_sessions').select('id').where('account_id', '=', id).execute()).length;

  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_WITHDRAWAL_HOLD_HOURS: '48' });
  });
  afterAll(async () => t?.stop());
  beforeEach(async () => {
    await db().deleteFrom('rate_limit_hits').execute();
  });

  it('sign-up names the rule a weak password breaks and creates no account', async () => {
    const b = CustomerBrowser.of(t);
    const email = uniqueEmail('wei.zhang');
    const cases: [string, string][] = [
      ['short pass', 'too_short'],
      ['woaini5201314', 'common'],
      ['ILoveYou5201314', 'common'],
      ['aaaaaaaaaaaaaaaaaa', 'weak'],
      [`${email.split('@')[0]}-wallet!`, 'contains_email'],
    ];
    for (const [password, rule] of cases) {
      const r = await b.signUp(email, password);
      expect(r.status, password).toBe(400);
      expect(r.body).toEqual({ error: 'weak_password', rule, message: expect.any(String) });
    }
    expect(await db().selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
    // Any Unicode counts by characters, so a long Chinese passphrase is fine.
    expect((await b.signUp(email, '我家门前有两棵树一棵是枣树另一棵也是枣树')).status).toBe(201);
  });

  it('a reset link sets a new password once: every session ends, withdrawals are held, the owner is told', async () => {
    const { accountId, email, browser } = await signUpAndSignIn(t);
    const second = CustomerBrowser.of(t);
    await second.signIn(email);
    const stranger = CustomerBrowser.of(t);
    expect((await stranger.request('POST', '/password-reset', { json: { email: email.toUpperCase() } })).status).toBe(202);
    const mail = await waitForMail(t, email, /Reset your password/);
    expect(mail.text).toContain('valid for 30 minutes');
    expect(mail.text).toContain('withdrawals pause for 48 hours');
    const token = linkToken(mail.text, 'reset');

    // A weak password does not spend the link.
    const weak = await stranger.request('POST', '/password-reset/confirm', { json: { token, password: 'password1234' } });
    expect(weak.body).toMatchObject({ error: 'weak_password', rule: 'common' });
    const ok = await stranger.request('POST', '/password-reset/confirm', { json: { token, password: NEW_PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ password_changed: true });

    expect((await browser.request('GET', '/me')).status).toBe(401);
    expect((await second.request('GET', '/me')).status).toBe(401);
    const row = await account(accountId);
    expect(row.hold_reason).toBe('password_changed');
    expect(row.hold_until! - Date.now()).toBeGreaterThan(47.9 * 3600_000);
    const notice = await waitForMail(t, email, /Your password was changed/);
    expect(notice.text).toContain('/account/freeze?token=');

    expect((await stranger.request('POST', '/password-reset/confirm', { json: { token, password: 'another fine long passphrase 9' } })).body.error).toBe('invalid_token');
    expect((await CustomerBrowser.of(t).signIn(email)).status).toBe(401);
    expect((await CustomerBrowser.of(t).signIn(email, NEW_PASSWORD)).status).toBe(200);
  });

  it('an unknown address gets the same 202 and no mail; expired and tampered links change nothing', async () => {
    const b = CustomerBrowser.of(t);
    await jobsSettled(db());
    const before = t.relay.mails.length;
    expect((await b.request('POST', '/password-reset', { json: { email: uniqueEmail('nobody') } })).status).toBe(202);
    await jobsSettled(db());
    expect(t.relay.mails.length).toBe(before);

    const { accountId, email } = await signUpAndSignIn(t);
    await b.request('POST', '/password-reset', { json: { email } });
    const token = linkToken((await waitForMail(t, email, /Reset your password/)).text, 'reset');
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect((await b.request('POST', '/password-reset/confirm', { json: { token: tampered, password: NEW_PASSWORD } })).body.error).toBe('invalid_token');
    await db().updateTable('account_tokens').set({ expires_at: Date.now() - 1 }).where('account_id', '=', accountId).where('purpose', '=', 'password_reset').execute();
    expect((await b.request('POST', '/password-reset/confirm', { json: { token, password: NEW_PASSWORD } })).body.error).toBe('invalid_token');
    const row = await account(accountId);
    expect(row.hold_until).toBeNull();
    expect((await CustomerBrowser.of(t).signIn(email)).status).toBe(200);
  });

  it('limits reset requests per address and per IP with 429 and Retry-After', async () => {
    const email = uniqueEmail();
    const b = CustomerBrowser.of(t);
    for (let i = 0; i < 5; i += 1) expect((await b.request('POST', '/password-reset', { json: { email } })).status).toBe(202);
    const limited = await b.request('POST', '/password-reset', { json: { email } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The refused request was not counted: 5 + 15 reach the IP's limit of 20.
    for (let i = 0; i < 15; i += 1) await b.request('POST', '/password-reset', { json: { email: uniqueEmail() } });
    expect((await b.request('POST', '/password-reset', { json: { email: uniqueEmail() } })).status).toBe(429);
  });

  it('changing the password needs the current one, keeps this session, ends the others and starts the hold', async () => {
    const { accountId, email, browser } = await signUpAndSignIn(t, { locale: 'zh-CN' });
    const other = CustomerBrowser.of(t);
    await other.signIn(email);
    const wrong = await browser.request('POST', '/password', { json: { current: 'not my password at all', new: NEW_PASSWORD } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('wrong_password');
    const weak = await browser.request('POST', '/password', { json: { current: CUSTOMER_PASSWORD, new: 'short' } });
    expect(weak.body).toMatchObject({ error: 'weak_password', rule: 'too_short' });
    expect(await sessionCount(accountId)).toBe(2);
    expect((await account(accountId)).hold_until).toBeNull();

    const ok = await browser.request('POST', '/password', { json: { current: CUSTOMER_PASSWORD, new: NEW_PASSWORD } });
    expect(ok.status).toBe(200);
    expect((await browser.request('GET', '/me')).status).toBe(200);
    expect((await other.request('GET', '/me')).status).toBe(401);
    expect(await sessionCount(accountId)).toBe(1);
    expect((await account(accountId)).hold_reason).toBe('password_changed');
    const notice = await waitForMail(t, email, /您的账户密码已更改/);
    expect(notice.text).toContain('提现将暂停 48 小时');
  });

  it('re-authentication renews recent authentication; a wrong password is refused and counts towards the lockout', async () => {
    const { accountId, browser } = await signUpAndSignIn(t);
    await db().updateTable('account_sessions').set({ authenticated_at: Date.now() - 3600_000 }).where('account_id', '=', accountId).execute();
    const wrong = await browser.request('POST', '/reauthenticate', { json: { password: 'not my password at all' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_credentials');
    expect((await db().selectFrom('account_sessions').select('authenticated_at').where('account_id', '=', accountId).executeTakeFirstOrThrow()).authenticated_at).toBeLessThan(Date.now() - 3500_000);
    const ok = await browser.request('POST', '/reauthenticate', { json: { password: CUSTOMER_PASSWORD } });
    expect(ok.body).toEqual({ reauthenticated: true });
    expect((await db().selectFrom('account_sessions').select('authenticated_at').where('account_id', '=', accountId).executeTakeFirstOrThrow()).authenticated_at).toBeGreaterThan(Date.now() - 5000);
    for (let i = 0; i < 5; i += 1) await browser.request('POST', '/reauthenticate', { json: { password: `wrong guess ${i}` } });
    expect((await browser.request('POST', '/reauthenticate', { json: { password: CUSTOMER_PASSWORD } })).status).toBe(429);
  });
});

describe.each(testDialects())('the operator\'s password options (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_PASSWORD_MIN_LENGTH: '20', WALLETDESK_PASSWORD_REQUIRE_MIX: 'true' });
  });
  afterAll(async () => t?.stop());

  it('a longer minimum and the letters+digits+symbols rule apply to sign-up', async () => {
    const b = CustomerBrowser.of(t);
    const email = uniqueEmail();
    expect((await b.signUp(email, 'violet kettle 42 ok')).body).toMatchObject({ rule: 'too_short', message: expect.stringContaining('at least 20 characters') });
    expect((await b.signUp(email, 'violet kettle harbour sings softly')).body).toMatchObject({ rule: 'composition' });
    expect((await b.signUp(email, 'violet kettle harbour 42 sings softly')).status).toBe(201);
  });
});
