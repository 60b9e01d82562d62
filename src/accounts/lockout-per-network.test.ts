import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { CUSTOMER_PASSWORD, CustomerBrowser, signUpAndSignIn, uniqueEmail, waitForMail } from './testing/customer.ts';

/** Per network and account 3 failures; the account's ceiling over every network is ten times that. */
const MAX_FAILURES = 3;
const CEILING = MAX_FAILURES * 10;

describe.each(testDialects())('failed sign-ins lock the attacker, not the customer (%s)', (dialect) => {
  let t: TestDesk;
  const db = () => t.desk.handle.db;
  const from = (ip: string) => CustomerBrowser.of(t, { forwardedFor: ip });

  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_ACCOUNT_MAX_FAILURES: String(MAX_FAILURES), WALLETDESK_TRUSTED_PROXIES: '127.0.0.1' });
  });
  afterAll(async () => t?.stop());
  beforeEach(async () => {
    await db().deleteFrom('rate_limit_hits').execute();
  });

  it('an attacker who fails the password is locked out; the customer on another network signs in', async () => {
    const { email } = await signUpAndSignIn(t, { browser: from('203.0.113.10') });
    const attacker = from('198.51.100.66');
    for (let i = 0; i < MAX_FAILURES; i += 1) expect((await attacker.signIn(email, `wrong guess ${i}`)).status).toBe(401);
    // Even the right password waits on the attacker's network…
    expect((await attacker.signIn(email)).status).toBe(429);
    // …but not on the customer's.
    expect((await from('203.0.113.10').signIn(email)).status).toBe(200);
    expect((await from('192.0.2.44').signIn(email)).status).toBe(200);
  });

  it('an IPv6 attacker cannot escape the lock by moving around the /64', async () => {
    const { email } = await signUpAndSignIn(t, { browser: from('203.0.113.11') });
    for (let i = 1; i <= MAX_FAILURES; i += 1) expect((await from(`2001:db8:5:1::${i}`).signIn(email, 'wrong guess')).status).toBe(401);
    expect((await from('2001:db8:5:1:8000::77').signIn(email, 'another guess')).status).toBe(429);
    expect((await from('2001:db8:5:2::1').signIn(email)).status).toBe(200);
  });

  it('past the ceiling over all networks the account is not locked, but wants a mailed unlock link; unknown emails get the same answer', async () => {
    const { email, accountId } = await signUpAndSignIn(t, { browser: from('203.0.113.12') });
    const unknown = uniqueEmail('nobody');
    // A botnet: a couple of guesses from each of many networks, below every per-network limit.
    for (let i = 0; i < CEILING; i += 1) {
      const bot = from(`198.18.${Math.floor(i / 2)}.1`);
      expect((await bot.signIn(email, `spray ${i}`)).status).toBe(401);
      expect((await bot.signIn(unknown, `spray ${i}`)).status).toBe(401);
    }
    const customer = from('203.0.113.12');
    const refused = await customer.signIn(email);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'unlock_required', retry_after_seconds: expect.any(Number) });
    expect(customer.cookies.has('wd_account')).toBe(false);
    const stranger = await from('192.0.2.50').signIn(unknown, CUSTOMER_PASSWORD);
    expect(stranger.status).toBe(429);
    expect({ ...stranger.body, retry_after_seconds: 0 }).toEqual({ ...refused.body, retry_after_seconds: 0 });
    expect(stranger.headers.has('retry-after')).toBe(refused.headers.has('retry-after'));

    // The owner gets one unlock link however often the ceiling is hit, and only its hash is kept.
    const mail = await waitForMail(t, email, /sign in|unlock/i);
    const token = decodeURIComponent(/\/account\/unlock\?token=([A-Za-z0-9_%-]+)/.exec(mail.text)?.[1] ?? '');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await customer.signIn(email)).body.error).toBe('unlock_required');
    await jobsSettled(db());
    expect(await db().selectFrom('account_mails').select('id').where('account_id', '=', accountId).where('kind', '=', 'sign_in_unlock').execute()).toHaveLength(1);
    expect(JSON.stringify(await db().selectFrom('account_tokens').selectAll().where('account_id', '=', accountId).execute())).not.toContain(token);

    // The link lets this browser sign in again; others still need it.
    const opened = await customer.request('POST', '/login/unlock', { json: { token } });
    expect(opened.status).toBe(200);
    expect(customer.cookies.has('wd_unlock')).toBe(true);
    expect((await customer.signIn(email)).status).toBe(200);
    expect((await from('192.0.2.51').signIn(email)).body.error).toBe('unlock_required');
    // Single use.
    expect((await from('192.0.2.52').request('POST', '/login/unlock', { json: { token } })).status).toBe(400);
    // The unlocked browser still gets no extra guesses: a wrong password counts on its network as before.
    for (let i = 0; i < MAX_FAILURES; i += 1) expect((await customer.signIn(email, `typo ${i}`)).status).toBe(401);
    expect((await customer.signIn(email)).status).toBe(429);
  });

  it('password-reset requests are limited per IPv6 /64, not per address', async () => {
    // Per network four times the per-account number; a fresh address of the same /64 gains nothing.
    for (let i = 1; i <= MAX_FAILURES * 4; i += 1) {
      expect((await from(`2001:db8:9:1::${i.toString(16)}`).request('POST', '/password-reset', { json: { email: uniqueEmail('reset') } })).status).toBe(202);
    }
    expect((await from('2001:db8:9:1:abcd::1').request('POST', '/password-reset', { json: { email: uniqueEmail('reset') } })).status).toBe(429);
    expect((await from('::ffff:198.51.100.99').request('POST', '/password-reset', { json: { email: uniqueEmail('reset') } })).status).toBe(202);
    expect((await from('2001:db8:9:2::1').request('POST', '/password-reset', { json: { email: uniqueEmail('reset') } })).status).toBe(202);
  });

  it('an unlock link is worth nothing for another account, made up, or for an account that does not exist', async () => {
    const b = from('203.0.113.13');
    expect((await b.request('POST', '/login/unlock', { json: { token: 'x'.repeat(43) } })).status).toBe(400);
    expect((await b.request('POST', '/login/unlock', { json: { token: 'short' } })).status).toBe(400);
    expect(b.cookies.has('wd_unlock')).toBe(false);
  });
});
