import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { CustomerBrowser, signUpAndSignIn, uniqueEmail } from './testing/customer.ts';

describe.each(testDialects())('CSRF protection of the customer API (%s)', (dialect) => {
  let t: TestDesk;
  const accounts = async () => Number((await t.desk.handle.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await startTestDesk(dialect);
  });
  afterAll(async () => t?.stop());

  it('GET /csrf sets an httpOnly wd_csrf cookie once and answers the same token for that browser', async () => {
    const b = CustomerBrowser.of(t);
    const first = await b.request('GET', '/csrf');
    expect(first.status).toBe(200);
    expect(first.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.headers.getSetCookie().find((c) => c.startsWith('wd_csrf='))).toMatch(/^wd_csrf=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    expect(first.headers.getSetCookie().find((c) => c.startsWith('wd_device='))).toMatch(/HttpOnly; SameSite=Lax$/);
    const again = await b.request('GET', '/csrf');
    expect(again.body.token).toBe(first.body.token);
    expect(again.headers.getSetCookie()).toEqual([]);
    expect((await CustomerBrowser.of(t).request('GET', '/csrf')).body.token).not.toBe(first.body.token);
  });

  it('refuses an unsafe request without the token, with a wrong one, or with another browser\'s, and changes nothing', async () => {
    const before = await accounts();
    const b = CustomerBrowser.of(t);
    await b.csrf();
    const other = CustomerBrowser.of(t);
    const json = { email: uniqueEmail(), password: 'violet kettle harbour 42 sings' };
    for (const csrf of [null, 'A'.repeat(43), await other.csrf()]) {
      const r = await b.request('POST', '/signup', { json, csrf });
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ error: 'csrf_failed', message: expect.stringContaining('X-CSRF-Token') });
    }
    // A token without its cookie is worth nothing either.
    const cookieless = new CustomerBrowser(b.base);
    expect((await cookieless.request('POST', '/signup', { json, csrf: b.csrfToken! })).status).toBe(403);
    expect(await accounts()).toBe(before);
  });

  it('refuses a cross-origin request even with a valid token, and accepts one with no Origin at all (a script)', async () => {
    const { browser } = await signUpAndSignIn(t);
    for (const origin of ['https://evil.example', 'null']) {
      const r = await browser.request('POST', '/logout', { origin });
      expect(r.status).toBe(403);
      expect(r.body.message).toBe('cross-origin request refused');
    }
    const viaReferer = await browser.request('POST', '/logout', { origin: null, headers: { referer: 'https://evil.example/page' } });
    expect(viaReferer.status).toBe(403);
    expect((await browser.request('GET', '/me')).status).toBe(200);
    expect((await browser.request('POST', '/logout', { origin: null })).status).toBe(204);
  });

  it('sign-in needs the token too, so another site cannot sign a browser in to the attacker\'s account', async () => {
    const { email, password } = await signUpAndSignIn(t);
    const victim = CustomerBrowser.of(t);
    const forged = await victim.request('POST', '/login', { json: { email, password }, csrf: null, origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(victim.cookies.has('wd_account')).toBe(false);
  });

  it('safe methods need no token', async () => {
    const { browser } = await signUpAndSignIn(t);
    expect((await browser.request('GET', '/me', { csrf: null })).status).toBe(200);
  });

  it('the OpenAPI document lists the customer API, sign-up and sign-in as needing no credentials', async () => {
    const doc = (await t.api('/api/v1/openapi.json')).body;
    for (const route of ['/api/v1/account/csrf', '/api/v1/account/signup', '/api/v1/account/login', '/api/v1/account/password-reset', '/api/v1/account/verify-email']) {
      const operations = Object.values(doc.paths[route] ?? {}) as { security?: unknown[] }[];
      expect(operations.length, route).toBeGreaterThan(0);
      for (const op of operations) expect(op.security, route).toEqual([]);
    }
    for (const route of ['/api/v1/account/me', '/api/v1/account/sessions/{id}', '/api/v1/account/logins', '/api/v1/account/password']) {
      expect(doc.paths[route], route).toBeDefined();
    }
  });
});

describe.each(testDialects())('cookies of a desk served over https (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_PUBLIC_URL: 'https://help.wallet.example' });
  });
  afterAll(async () => t?.stop());

  it('marks wd_csrf, wd_device and wd_account Secure', async () => {
    const b = CustomerBrowser.of(t);
    const csrf = await b.request('GET', '/csrf');
    const email = uniqueEmail();
    await b.signUp(email);
    const signIn = await b.signIn(email);
    const cookies = [...csrf.headers.getSetCookie(), ...signIn.headers.getSetCookie()];
    for (const name of ['wd_csrf', 'wd_device', 'wd_account']) {
      expect(cookies.find((c) => c.startsWith(`${name}=`)), name).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    }
  });
});
