import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { CustomerBrowser, signUpAndSignIn, waitForMail } from './testing/customer.ts';

const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:131.0) Gecko/20100101 Firefox/131.0';
// 81.2.69.142 is in St Albans, England, in geoip-lite's database.
const LONDON_IP = '81.2.69.142';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(testDialects())('sessions and login activity (%s)', (dialect) => {
  let t: TestDesk;
  const db = () => t.desk.handle.db;

  beforeAll(async () => {
    t = await startTestDesk(dialect);
  });
  afterAll(async () => t?.stop());
  beforeEach(async () => {
    await db().deleteFrom('rate_limit_hits').execute();
  });

  it('lists the sessions with device, IP and which one is this; revokes one, and all others', async () => {
    const { browser, email, accountId } = await signUpAndSignIn(t);
    const laptop = CustomerBrowser.of(t, { userAgent: FIREFOX_MAC });
    await laptop.signIn(email);
    const third = CustomerBrowser.of(t);
    await third.signIn(email);

    const list = await browser.request('GET', '/sessions');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const laptopSession = list.body.items.find((s: { device: string }) => s.device === 'Firefox 131 on Mac OS');
    expect(laptopSession).toEqual({ id: expect.any(Number), current: false, created_at: expect.any(Number), last_seen_at: expect.any(Number), created_at_iso: expect.stringMatching(ISO), last_seen_at_iso: expect.stringMatching(ISO), ip: '127.0.0.1', country: null, city: null, device: 'Firefox 131 on Mac OS' });

    expect((await browser.request('DELETE', `/sessions/${laptopSession.id}`)).status).toBe(204);
    expect((await laptop.request('GET', '/me')).status).toBe(401);
    expect((await browser.request('DELETE', `/sessions/${laptopSession.id}`)).status).toBe(404);

    const revoked = await browser.request('POST', '/sessions/revoke-others');
    expect(revoked.body).toEqual({ revoked: 1 });
    expect((await third.request('GET', '/me')).status).toBe(401);
    expect((await browser.request('GET', '/me')).status).toBe(200);
    expect((await db().selectFrom('account_sessions').select('id').where('account_id', '=', accountId).execute())).toHaveLength(1);
  });

  it('another customer\'s session id is not found and stays signed in; a malformed id is a 400', async () => {
    const alice = await signUpAndSignIn(t);
    const bob = await signUpAndSignIn(t);
    const bobSession = (await bob.browser.request('GET', '/sessions')).body.items[0].id;
    const r = await alice.browser.request('DELETE', `/sessions/${bobSession}`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'not_found', message: `session ${bobSession} not found` });
    expect((await bob.browser.request('GET', '/me')).status).toBe(200);
    expect((await alice.browser.request('DELETE', '/sessions/abc')).status).toBe(400);
    expect((await alice.browser.request('GET', '/sessions')).body.items.map((s: { id: number }) => s.id)).not.toContain(bobSession);
  });

  it('revoking the current session signs this browser out', async () => {
    const { browser } = await signUpAndSignIn(t);
    const mine = (await browser.request('GET', '/sessions')).body.items[0].id;
    expect((await browser.request('DELETE', `/sessions/${mine}`)).status).toBe(204);
    expect(browser.cookies.has('wd_account')).toBe(false);
    expect((await browser.request('GET', '/me')).status).toBe(401);
  });

  it('shows every sign-in attempt of the account, newest first, and none of anyone else\'s', async () => {
    const { browser, email } = await signUpAndSignIn(t);
    await CustomerBrowser.of(t, { userAgent: FIREFOX_MAC }).signIn(email, 'a wrong password indeed');
    const other = await signUpAndSignIn(t);
    await CustomerBrowser.of(t).signIn(other.email, 'not theirs either, wrong');
    const r = await browser.request('GET', '/logins');
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      { at: expect.any(Number), at_iso: expect.stringMatching(ISO), ip: '127.0.0.1', country: null, city: null, device: 'Firefox 131 on Mac OS', success: false, flagged: false, flag_reasons: [] },
      { at: expect.any(Number), at_iso: expect.stringMatching(ISO), ip: '127.0.0.1', country: null, city: null, device: 'Chrome 130 on Windows', success: true, flagged: false, flag_reasons: [] },
    ]);
    expect(r.body.items[0].at).toBeGreaterThanOrEqual(r.body.items[1].at);
    expect((await CustomerBrowser.of(t).request('GET', '/logins')).status).toBe(401);
  });

  it('a successful sign-in is assessed: one from a new browser is flagged in the activity and mailed about', async () => {
    const { browser, email } = await signUpAndSignIn(t);
    const laptop = CustomerBrowser.of(t, { userAgent: FIREFOX_MAC });
    await laptop.csrf();
    expect((await laptop.signIn(email)).status).toBe(200);
    const items = (await browser.request('GET', '/logins')).body.items;
    expect(items[0]).toMatchObject({ device: 'Firefox 131 on Mac OS', success: true, flagged: true, flag_reasons: ['new_device'] });
    expect(items[1]).toMatchObject({ success: true, flagged: false });
    expect((await waitForMail(t, email, /New sign-in from a new device/)).text).toContain('/account/freeze?token=');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const b = CustomerBrowser.of(t, { forwardedFor: LONDON_IP });
    const { accountId } = await signUpAndSignIn(t, { browser: b });
    const login = await db().selectFrom('account_logins').select(['ip', 'country']).where('account_id', '=', accountId).executeTakeFirstOrThrow();
    expect(login).toEqual({ ip: '127.0.0.1', country: null });
  });
});

describe.each(testDialects())('behind a trusted proxy (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_TRUSTED_PROXIES: '127.0.0.1' });
  });
  afterAll(async () => t?.stop());

  it('believes X-Forwarded-For from the proxy: the client IP and its place go into activity and sessions', async () => {
    const b = CustomerBrowser.of(t, { forwardedFor: LONDON_IP });
    const { accountId } = await signUpAndSignIn(t, { browser: b });
    const db = t.desk.handle.db;
    const login = await db.selectFrom('account_logins').select(['ip', 'country', 'city', 'latitude', 'longitude']).where('account_id', '=', accountId).executeTakeFirstOrThrow();
    expect(login).toEqual({ ip: LONDON_IP, country: 'GB', city: 'St Albans', latitude: expect.closeTo(51.75, 1), longitude: expect.closeTo(-0.33, 1) });
    const sessions = (await b.request('GET', '/sessions')).body.items;
    expect(sessions[0]).toMatchObject({ ip: LONDON_IP, country: 'GB', city: 'St Albans' });
    // The same session seen from elsewhere shows where it was last used.
    b.forwardedFor = '8.8.8.8';
    expect((await b.request('GET', '/sessions')).body.items[0]).toMatchObject({ ip: '8.8.8.8', country: 'US' });
  });
});
