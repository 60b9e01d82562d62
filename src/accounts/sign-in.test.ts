import { generate } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newTotpEnrolment } from '../platform/totp.ts';
import { jobsSettled, testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { CUSTOMER_PASSWORD, CustomerBrowser, createAccountDirect, signUpAndSignIn, uniqueEmail, waitForMail } from './testing/customer.ts';

describe.each(testDialects())('customer sign-up, sign-in and sign-out (%s)', (dialect) => {
  let t: TestDesk;
  const db = () => t.desk.handle.db;
  const logins = (accountId: number | null) =>
    db().selectFrom('account_logins').select(['success', 'failure_reason', 'ip', 'device']).where((eb) => (accountId === null ? eb('account_id', 'is', null) : eb('account_id', '=', accountId))).orderBy('id').execute();

  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_ACCOUNT_MAX_FAILURES: '3' });
  });
  afterAll(async () => t?.stop());
  // Every test signs in from 127.0.0.1, so the per-IP counters start afresh for each.
  beforeEach(async () => {
    await db().deleteFrom('rate_limit_hits').execute();
  });

  it('signs up, signs in with an HttpOnly SameSite=Lax wd_account cookie stored only hashed, and knows the customer', async () => {
    const b = CustomerBrowser.of(t);
    const email = uniqueEmail();
    const up = await b.signUp(email.toUpperCase());
    expect(up.status).toBe(201);
    expect(up.body).toEqual({ email, locale: 'en', email_verified: false });
    const r = await b.signIn(` ${email.toUpperCase()} `);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: expect.any(Number), email, locale: 'en', email_verified: false });
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('wd_account='));
    expect(cookie).toMatch(/^wd_account=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
    const stored = await db().selectFrom('account_sessions').select(['token_hash', 'device', 'ip']).where('account_id', '=', r.body.id).execute();
    expect(stored).toEqual([{ token_hash: expect.stringMatching(/^[0-9a-f]{64}$/), device: 'Chrome 130 on Windows', ip: '127.0.0.1' }]);
    expect(JSON.stringify(await db().selectFrom('account_sessions').selectAll().execute())).not.toContain(b.cookies.get('wd_account'));
    expect((await b.request('GET', '/me')).body).toEqual(r.body);
    const hash = await db().selectFrom('accounts').select('password_hash').where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('takes the language from the body, else from Accept-Language, and PATCH /me changes it', async () => {
    const b = CustomerBrowser.of(t);
    const email = uniqueEmail();
    expect((await b.request('POST', '/signup', { json: { email, password: CUSTOMER_PASSWORD }, headers: { 'accept-language': 'zh-CN,zh;q=0.9' } })).body.locale).toBe('zh-CN');
    await b.signIn(email);
    const patched = await b.request('PATCH', '/me', { json: { locale: 'en' } });
    expect(patched.body.locale).toBe('en');
    expect((await b.request('PATCH', '/me', { json: { locale: 'fr' } })).status).toBe(400);
    expect((await b.request('GET', '/me')).body.locale).toBe('en');
  });

  it('refuses malformed sign-ups with a 400 naming the field, and creates nothing', async () => {
    const b = CustomerBrowser.of(t);
    const before = await db().selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bad = await b.request('POST', '/signup', { json: { email: 'not-an-address', password: CUSTOMER_PASSWORD } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/email/);
    const huge = await b.request('POST', '/signup', { json: { email: uniqueEmail(), password: 'x'.repeat(5000) } });
    expect(huge.status).toBe(400);
    expect(huge.body.message).toMatch(/password/);
    const after = await db().selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('signing up with a registered address answers like a new sign-up and mails the owner a notice instead', async () => {
    const owner = await createAccountDirect(db(), { locale: 'zh-CN' });
    const r = await CustomerBrowser.of(t).signUp(owner.email, 'another quite long passphrase here', 'en');
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ email: owner.email, locale: 'en', email_verified: false });
    const mail = await waitForMail(t, owner.email, /有人尝试用您的邮箱注册/);
    expect(mail.text).toContain('/account/reset');
    // The password was not replaced.
    expect((await CustomerBrowser.of(t).signIn(owner.email)).status).toBe(200);
  });

  it('an unknown email and a wrong password get the same 401, both recorded in login activity', async () => {
    const { accountId, email } = await signUpAndSignIn(t);
    const unknownEmail = uniqueEmail('nobody');
    const b = CustomerBrowser.of(t);
    const wrong = await b.signIn(email, 'not the password at all');
    const unknown = await b.signIn(unknownEmail, 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ error: 'invalid_credentials', message: 'wrong email or password' });
    expect(await logins(accountId)).toEqual([
      { success: 1, failure_reason: null, ip: '127.0.0.1', device: 'Chrome 130 on Windows' },
      { success: 0, failure_reason: 'wrong_password', ip: '127.0.0.1', device: 'Chrome 130 on Windows' },
    ]);
    expect((await logins(null)).at(-1)).toEqual({ success: 0, failure_reason: 'unknown_email', ip: '127.0.0.1', device: 'Chrome 130 on Windows' });
  });

  it('an unknown email costs an Argon2 verification like a known one, so timing does not tell', async () => {
    const { email } = await signUpAndSignIn(t);
    const b = CustomerBrowser.of(t);
    await b.csrf();
    const time = async (address: string) => {
      const start = performance.now();
      await b.signIn(address, 'not the password at all');
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      await db().deleteFrom('rate_limit_hits').execute();
      known.push(await time(email));
      unknown.push(await time(uniqueEmail('nobody')));
    }
    // Without the dummy verification an unknown email answers in a couple of milliseconds.
    expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...known) / 3);
  });

  it('a new sign-in replaces the session this browser held (no session fixation)', async () => {
    const { browser, email } = await signUpAndSignIn(t);
    const first = browser.cookies.get('wd_account');
    await browser.signIn(email);
    expect(browser.cookies.get('wd_account')).not.toBe(first);
    const other = CustomerBrowser.of(t);
    other.cookies.set('wd_account', first!);
    expect((await other.request('GET', '/me')).status).toBe(401);
  });

  it('with an authenticator on, the password alone answers two_factor_required; a right code signs in once', async () => {
    const { accountId, email } = await signUpAndSignIn(t);
    const { secret } = await newTotpEnrolment(email);
    await db().updateTable('accounts').set({ totp_secret: secret, totp_enabled_at: Date.now() }).where('id', '=', accountId).execute();
    const b = CustomerBrowser.of(t);
    const bare = await b.signIn(email);
    expect(bare.status).toBe(401);
    expect(bare.body).toMatchObject({ error: 'two_factor_required', two_factor_required: true, methods: ['totp'] });
    expect(b.cookies.has('wd_account')).toBe(false);
    expect((await b.signIn(email, CUSTOMER_PASSWORD, '000000')).body.message).toBe('wrong or already used code');
    const code = await generate({ secret });
    expect((await b.signIn(email, CUSTOMER_PASSWORD, code)).status).toBe(200);
    // The same code again is a replay.
    expect((await CustomerBrowser.of(t).signIn(email, CUSTOMER_PASSWORD, code)).status).toBe(401);
    // A wrong password with a right-looking code never reaches the second factor.
    expect((await CustomerBrowser.of(t).signIn(email, 'wrong password entirely', code)).body.error).toBe('invalid_credentials');
    const failures = await db().selectFrom('account_logins').select('failure_reason').where('account_id', '=', accountId).where('success', '=', 0).orderBy('id').execute();
    expect(failures.map((f) => f.failure_reason)).toEqual(['wrong_code', 'wrong_code', 'wrong_password']);
  });

  it('locks an account out after WALLETDESK_ACCOUNT_MAX_FAILURES failures: 429 with Retry-After, one lockout mail', async () => {
    const { accountId, email } = await signUpAndSignIn(t, { locale: 'en' });
    const attacker = CustomerBrowser.of(t);
    for (let i = 0; i < 3; i += 1) expect((await attacker.signIn(email, `guess number ${i} wrong`)).status).toBe(401);
    const locked = await attacker.signIn(email);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ error: 'locked_out', message: expect.stringMatching(/try again in \d+ s/), retry_after_seconds: expect.any(Number) });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    // Even the right password waits; the owner gets one mail for the lockout, however often it is hit.
    expect((await CustomerBrowser.of(t).signIn(email)).status).toBe(429);
    const mail = await waitForMail(t, email, /paused after wrong passwords/);
    expect(mail.text).toContain('/account/freeze?token=');
    await jobsSettled(db());
    const lockoutMails = await db().selectFrom('account_mails').select('id').where('account_id', '=', accountId).where('kind', '=', 'lockout').execute();
    expect(lockoutMails).toHaveLength(1);
    expect((await logins(accountId)).at(-1)).toMatchObject({ success: 0, failure_reason: 'locked_out' });
  });

  it('locks an IP out after four times the per-account limit, across accounts and unknown emails', async () => {
    const b = CustomerBrowser.of(t);
    for (let i = 0; i < 12; i += 1) expect((await b.signIn(uniqueEmail('spray'), 'password spraying')).status).toBe(401);
    const locked = await b.signIn(uniqueEmail('spray'), 'password spraying');
    expect(locked.status).toBe(429);
  });

  it('without a session /me answers 401, and after logout the old cookie is worth nothing', async () => {
    const b = CustomerBrowser.of(t);
    expect((await b.request('GET', '/me')).body).toEqual({ error: 'unauthorized', message: 'not signed in' });
    b.cookies.set('wd_account', 'x'.repeat(43));
    expect((await b.request('GET', '/me')).status).toBe(401);
    expect(b.cookies.has('wd_account')).toBe(false);
    const { browser } = await signUpAndSignIn(t);
    const cookie = browser.cookies.get('wd_account')!;
    expect((await browser.request('POST', '/logout')).status).toBe(204);
    expect(browser.cookies.has('wd_account')).toBe(false);
    browser.cookies.set('wd_account', cookie);
    const after = await browser.request('GET', '/me');
    expect(after.status).toBe(401);
    expect(after.body.error).toBe('unauthorized');
  });

  it('a session past the idle timeout or its 30 days is over', async () => {
    const { browser, accountId } = await signUpAndSignIn(t);
    await db().updateTable('account_sessions').set({ last_seen_at: Date.now() - 8 * 24 * 3600 * 1000 }).where('account_id', '=', accountId).execute();
    expect((await browser.request('GET', '/me')).status).toBe(401);
    expect(await db().selectFrom('account_sessions').select('id').where('account_id', '=', accountId).execute()).toEqual([]);
    const again = await signUpAndSignIn(t, { email: uniqueEmail() });
    await db().updateTable('account_sessions').set({ expires_at: Date.now() - 1 }).where('account_id', '=', again.accountId).execute();
    expect((await again.browser.request('GET', '/me')).status).toBe(401);
  });
});
