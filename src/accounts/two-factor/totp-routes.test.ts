import { generateSync } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../../platform/testing/test-desk.ts';
import { CustomerBrowser, signUpAndSignIn, waitForMail } from '../testing/customer.ts';

/** The code an authenticator app shows `steps` 30-second steps from now. */
const totp = (secret: string, steps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * steps });

/** Sequences that rely on "this step" and "the next" must not straddle a step boundary. */
async function awayFromStepBoundary() {
  const intoStep = Date.now() % 30_000;
  if (intoStep > 26_000) await new Promise((r) => setTimeout(r, 30_000 - intoStep + 100));
}

describe.each(testDialects())('authenticator app (TOTP) and recovery codes over HTTP (%s)', (dialect) => {
  let t: TestDesk;
  const db = () => t.desk.handle.db;
  const accountRow = (id: number) => db().selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function enrol(browser: CustomerBrowser) {
    const start = await browser.request('POST', '/2fa/totp');
    expect(start.status).toBe(200);
    await awayFromStepBoundary();
    const confirmed = await browser.request('POST', '/2fa/totp/confirm', { json: { code: totp(start.body.secret) } });
    expect(confirmed.status).toBe(200);
    return { secret: start.body.secret as string, recoveryCodes: confirmed.body.recovery_codes as string[] };
  }

  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_WITHDRAWAL_HOLD_HOURS: '24' });
  });
  afterAll(async () => t?.stop());
  beforeEach(async () => {
    await db().deleteFrom('rate_limit_hits').execute();
  });

  it('enrols by reading the secret and computing a code: 10 recovery codes, a hold and a notice with a freeze link', async () => {
    const { accountId, email, browser } = await signUpAndSignIn(t);
    const start = await browser.request('POST', '/2fa/totp');
    expect(start.status).toBe(200);
    expect(start.body.secret).toMatch(/^[A-Z2-7]{16,}$/);
    const url = new URL(start.body.otpauth_url);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('issuer')).toBe('walletdesk');
    expect(url.searchParams.get('secret')).toBe(start.body.secret);
    expect(decodeURIComponent(url.pathname)).toContain(email);
    expect(start.body.qr_svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(await accountRow(accountId)).toMatchObject({ totp_pending_secret: expect.stringMatching(/^v1:/), totp_enabled_at: null, totp_secret: null });

    await awayFromStepBoundary();
    const before = Date.now();
    const r = await browser.request('POST', '/2fa/totp/confirm', { json: { code: totp(start.body.secret) } });
    expect(r.status).toBe(200);
    expect(r.body.methods).toEqual(['totp', 'recovery']);
    expect(r.body.recovery_codes).toHaveLength(10);
    const row = await accountRow(accountId);
    expect(row).toMatchObject({ totp_secret: expect.stringMatching(/^v1:/), totp_pending_secret: null, hold_reason: 'two_factor_changed' });
    expect(row.hold_until).toBeGreaterThanOrEqual(before + 24 * 3_600_000);

    const mail = await waitForMail(t, email, /two-step verification/i);
    expect(mail.text).toContain('authenticator app (TOTP) was turned on');
    expect(mail.text).toMatch(/\/account\/freeze\?token=/);
    expect(mail.text).toContain('24 hours');
  });

  it('wrong and malformed codes get a clear 400 and change nothing', async () => {
    const { accountId, browser } = await signUpAndSignIn(t);
    const start = await browser.request('POST', '/2fa/totp');
    const before = await accountRow(accountId);
    for (const code of ['abcdef', '1234567', '', '12 34']) {
      const r = await browser.request('POST', '/2fa/totp/confirm', { json: { code } });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: 'bad_request', message: 'body.code: expected the 6 digits your authenticator app shows' });
    }
    expect((await browser.request('POST', '/2fa/totp/confirm', { json: {} })).body.message).toMatch(/^body\.code: /);
    const right = totp(start.body.secret);
    const wrong = right === '000000' ? '111111' : '000000';
    const r = await browser.request('POST', '/2fa/totp/confirm', { json: { code: wrong } });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('wrong_code');
    expect(await accountRow(accountId)).toEqual(before);
    expect(await db().selectFrom('account_recovery_codes').select('id').where('account_id', '=', accountId).execute()).toEqual([]);
  });

  it("another customer's pending enrolment is untouched, and its code does not confirm mine", async () => {
    const alice = await signUpAndSignIn(t);
    const bob = await signUpAndSignIn(t);
    const aliceStart = await alice.browser.request('POST', '/2fa/totp');
    const bobStart = await bob.browser.request('POST', '/2fa/totp');
    expect(bobStart.status).toBe(200);
    // Sealed at rest: what must stay untouched is the stored value.
    const aliceSealed = (await accountRow(alice.accountId)).totp_pending_secret;
    const bobSealed = (await accountRow(bob.accountId)).totp_pending_secret;
    await awayFromStepBoundary();
    const r = await bob.browser.request('POST', '/2fa/totp/confirm', { json: { code: totp(aliceStart.body.secret) } });
    expect(r.status).toBe(400);
    expect(await accountRow(alice.accountId)).toMatchObject({ totp_pending_secret: aliceSealed, totp_enabled_at: null });
    expect(await accountRow(bob.accountId)).toMatchObject({ totp_pending_secret: bobSealed, totp_enabled_at: null });
    expect((await alice.browser.request('POST', '/2fa/totp/confirm', { json: { code: totp(aliceStart.body.secret) } })).status).toBe(200);
    expect(await accountRow(bob.accountId)).toMatchObject({ totp_pending_secret: bobSealed, totp_enabled_at: null });
  });

  it('a working authenticator is never replaced by a new enrolment', async () => {
    const { accountId, browser } = await signUpAndSignIn(t);
    await enrol(browser);
    const sealed = (await accountRow(accountId)).totp_secret;
    const r = await browser.request('POST', '/2fa/totp');
    expect(r.status).toBe(409);
    expect(r.body.error).toBe('totp_already_enabled');
    expect(await accountRow(accountId)).toMatchObject({ totp_secret: sealed, totp_pending_secret: null });
  });

  it('sign-in then requires a code; a code works once; a recovery code works once', async () => {
    const { email, browser } = await signUpAndSignIn(t);
    const { secret, recoveryCodes } = await enrol(browser);
    const b = CustomerBrowser.of(t);
    const bare = await b.signIn(email);
    expect(bare.status).toBe(401);
    expect(bare.body).toMatchObject({ error: 'two_factor_required', two_factor_required: true, methods: ['totp', 'recovery'] });
    // The enrolment code's step is spent.
    expect((await b.signIn(email, undefined, totp(secret))).status).toBe(401);
    const next = totp(secret, 1);
    expect((await b.signIn(email, undefined, next)).status).toBe(200);
    expect((await CustomerBrowser.of(t).signIn(email, undefined, next)).status).toBe(401);

    const c = CustomerBrowser.of(t);
    expect((await c.signIn(email, undefined, recoveryCodes[0])).status).toBe(200);
    expect((await CustomerBrowser.of(t).signIn(email, undefined, recoveryCodes[0])).status).toBe(401);
  });

  it('turning TOTP off needs a right code; with no factor left the recovery codes are void', async () => {
    const { accountId, email, browser } = await signUpAndSignIn(t);
    const { secret, recoveryCodes } = await enrol(browser);
    const malformed = await browser.request('DELETE', '/2fa/totp', { json: { code: 'letters' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toBe('body.code: expected a 6-digit code or a recovery code (xxxx-xxxx-xxxx)');
    const right = totp(secret, 1);
    const wrong = await browser.request('DELETE', '/2fa/totp', { json: { code: right === '000000' ? '111111' : '000000' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('wrong_code');
    expect((await accountRow(accountId)).totp_enabled_at).not.toBeNull();

    const off = await browser.request('DELETE', '/2fa/totp', { json: { code: right } });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ methods: [] });
    expect(await accountRow(accountId)).toMatchObject({ totp_secret: null, totp_enabled_at: null });
    expect(await db().selectFrom('account_recovery_codes').select('id').where('account_id', '=', accountId).execute()).toEqual([]);
    expect((await CustomerBrowser.of(t).signIn(email, undefined, recoveryCodes[1])).status).toBe(200);
    expect((await browser.request('DELETE', '/2fa/totp', { json: { code: right } })).body.error).toBe('totp_not_enabled');
    await waitForMail(t, email, /two-step verification/i);
  });

  it('a new set of recovery codes voids the old one', async () => {
    const { email, browser } = await signUpAndSignIn(t);
    const { recoveryCodes } = await enrol(browser);
    const r = await browser.request('POST', '/2fa/recovery-codes');
    expect(r.status).toBe(200);
    expect(r.body.recovery_codes).toHaveLength(10);
    expect((await CustomerBrowser.of(t).signIn(email, undefined, recoveryCodes[0])).status).toBe(401);
    expect((await CustomerBrowser.of(t).signIn(email, undefined, r.body.recovery_codes[0])).status).toBe(200);
    const none = await signUpAndSignIn(t);
    expect((await none.browser.request('POST', '/2fa/recovery-codes')).body.error).toBe('two_factor_off');
  });

  it('too many wrong codes lock code checks for the account (429)', async () => {
    const { accountId, browser } = await signUpAndSignIn(t);
    const start = await browser.request('POST', '/2fa/totp');
    const right = totp(start.body.secret);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < t.config.accounts.maxFailures; i++) {
      expect((await browser.request('POST', '/2fa/totp/confirm', { json: { code: wrong } })).status).toBe(400);
    }
    const locked = await browser.request('POST', '/2fa/totp/confirm', { json: { code: right } });
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('locked_out');
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await accountRow(accountId)).totp_enabled_at).toBeNull();
  });

  it('2FA changes need a recent sign-in, a session and the CSRF token', async () => {
    const { accountId, browser } = await signUpAndSignIn(t);
    expect((await browser.request('POST', '/2fa/totp', { csrf: null })).status).toBe(403);
    expect((await CustomerBrowser.of(t).request('POST', '/2fa/totp')).status).toBe(401);
    await db().updateTable('account_sessions').set({ authenticated_at: Date.now() - 16 * 60_000 }).where('account_id', '=', accountId).execute();
    for (const [method, path, json] of [['POST', '/2fa/totp', undefined], ['POST', '/2fa/totp/confirm', { code: '123456' }], ['POST', '/2fa/recovery-codes', undefined], ['DELETE', '/2fa/sms', undefined], ['POST', '/2fa/sms', { phone: '+15551234567' }]] as const) {
      const r = await browser.request(method, path, { json });
      expect(r.status, path).toBe(403);
      expect(r.body.error).toBe('reauthentication_required');
    }
    expect((await accountRow(accountId)).totp_pending_secret).toBeNull();
  });
});
