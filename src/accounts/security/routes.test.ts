import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../platform/db/connect.ts';
import { jobsSettled, testDialects } from '../../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../../platform/testing/test-desk.ts';
import { createAccountDirect, CustomerBrowser, linkToken, uniqueEmail, waitForMail } from '../testing/customer.ts';
import { createFreezeToken, FREEZE_LINK_TTL_MS } from './freeze-link.ts';
import { STOLEN_REPORTS_PER_HOUR } from './routes.ts';

const SECRET = 'routes-test-secret-0123456789abcdef0123456789';
const SHANGHAI_IP = '116.228.111.118';
const FRANKFURT_IP = '18.184.0.1';

describe.each(testDialects())('security center over HTTP (%s)', (dialect) => {
  let t: TestDesk;
  let db: Db;
  beforeAll(async () => {
    // The test's fetches come from 127.0.0.1, so that "proxy" is trusted and X-Forwarded-For places the customer.
    t = await startTestDesk(dialect, { WALLETDESK_TRUSTED_PROXIES: '127.0.0.1', WALLETDESK_SECRET: SECRET });
    db = t.desk.handle.db;
  });
  afterAll(async () => t?.stop());

  /** A verified customer signed in from a browser of their own. */
  async function customer(opts: { locale?: 'zh-CN' | 'en'; forwardedFor?: string; verified?: boolean } = {}) {
    const account = await createAccountDirect(db, { email: uniqueEmail('sec'), verified: opts.verified ?? true, ...(opts.locale ? { locale: opts.locale } : {}) });
    const browser = CustomerBrowser.of(t, { forwardedFor: opts.forwardedFor });
    const signedIn = await browser.signIn(account.email, account.password);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    return { ...account, browser };
  }
  const ticketsOf = (email: string) =>
    db.selectFrom('tickets').innerJoin('contacts', 'contacts.id', 'tickets.requester_id').select(['tickets.id', 'tickets.reference', 'tickets.category', 'tickets.priority']).where('contacts.email', '=', email).execute();
  const accountRow = (id: number) => db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('a sign-in from Frankfurt 1 s after Shanghai mails the alert with the phrase; its link freezes, signs out everywhere and opens one urgent ticket', async () => {
    const c = await customer({ forwardedFor: SHANGHAI_IP });
    expect((await c.browser.request('PUT', '/anti-phishing-phrase', { json: { phrase: 'blue heron 1987' } })).body).toEqual({ phrase_set: true });

    const abroad = CustomerBrowser.of(t, { forwardedFor: FRANKFURT_IP });
    expect((await abroad.signIn(c.email, c.password)).status).toBe(200);
    const alert = await waitForMail(t, c.email, /unusual sign-in/i);
    expect(alert.text).toContain('Your anti-phishing phrase: blue heron 1987');
    expect(alert.text).toContain('Frankfurt am Main, Germany (IP 18.184.0.1)');
    const login = await db.selectFrom('account_logins').select(['flagged', 'flag_reasons']).where('account_id', '=', c.id).where('ip', '=', FRANKFURT_IP).executeTakeFirstOrThrow();
    expect(login.flagged).toBe(1);
    expect(JSON.parse(login.flag_reasons)).toEqual(['new_device', 'new_country', 'impossible_travel']);

    // The page behind the link posts the token from whatever browser the customer opens the mail in.
    const token = linkToken(alert.text, 'freeze');
    const page = CustomerBrowser.of(t);
    expect((await page.request('POST', '/freeze-link', { json: { token } }))).toMatchObject({ status: 200, body: { frozen: true } });

    expect((await c.browser.request('GET', '/me')).status).toBe(401);
    expect((await abroad.request('GET', '/me')).status).toBe(401);
    expect(await db.selectFrom('account_sessions').select('id').where('account_id', '=', c.id).execute()).toHaveLength(0);
    expect(await accountRow(c.id)).toMatchObject({ frozen_reason: 'freeze_link', frozen_at: expect.any(Number) });
    const tickets = await ticketsOf(c.email);
    expect(tickets).toEqual([expect.objectContaining({ category: 'security', priority: 'urgent' })]);
    const frozenMail = await waitForMail(t, c.email, /frozen/i);
    expect(frozenMail.subject).toContain(tickets[0]?.reference);
    expect(frozenMail.text).toContain('Your anti-phishing phrase: blue heron 1987');

    // A second click (or a mail scanner replaying the post) opens nothing more.
    expect((await page.request('POST', '/freeze-link', { json: { token } })).status).toBe(200);
    await jobsSettled(db);
    expect(await ticketsOf(c.email)).toHaveLength(1);
    expect(await db.selectFrom('account_mails').select('id').where('account_id', '=', c.id).where('kind', '=', 'account_frozen').execute()).toHaveLength(1);
  });

  it('a tampered, expired or foreign token is refused with 400 and changes nothing; without the CSRF token it is 403', async () => {
    const c = await customer();
    const good = createFreezeToken({ secret: SECRET }, c.id);
    const [payload, sig] = good.split('.') as [string, string];
    const other = await customer();
    const forged = `${Buffer.from(JSON.stringify({ a: other.id, p: 'freeze', e: Date.now() + 1000_000 })).toString('base64url')}.${sig}`;
    const page = CustomerBrowser.of(t);
    for (const token of [
      `${payload}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`,
      createFreezeToken({ secret: SECRET }, c.id, Date.now() - FREEZE_LINK_TTL_MS - 1),
      createFreezeToken({ secret: 'another-desk-secret-0123456789abcdef' }, c.id),
      forged,
      'not-a-token',
    ]) {
      const r = await page.request('POST', '/freeze-link', { json: { token } });
      expect(r.status, token).toBe(400);
      expect(r.body).toMatchObject({ error: 'invalid_token', message: expect.stringContaining('token') });
    }
    expect((await page.request('POST', '/freeze-link', { json: {} })).status).toBe(400);
    expect((await page.request('POST', '/freeze-link', { json: { token: good }, csrf: null })).body).toMatchObject({ error: 'csrf_failed' });
    expect((await page.request('POST', '/freeze-link', { json: { token: good }, origin: 'https://evil.example' })).body).toMatchObject({ error: 'csrf_failed' });

    for (const who of [c, other]) {
      expect((await accountRow(who.id)).frozen_at).toBeNull();
      expect((await who.browser.request('GET', '/me')).status).toBe(200);
      expect(await ticketsOf(who.email)).toHaveLength(0);
    }
  });

  it('POST /freeze keeps this session, signs the others out, and leaves another customer alone', async () => {
    const c = await customer();
    const second = CustomerBrowser.of(t);
    expect((await second.signIn(c.email, c.password)).status).toBe(200);
    const bystander = await customer();

    const r = await c.browser.request('POST', '/freeze');
    expect(r).toMatchObject({ status: 200, body: { frozen: true, ticket_reference: expect.stringMatching(/^WD-/) } });
    expect((await c.browser.request('GET', '/me')).status).toBe(200);
    expect((await second.request('GET', '/me')).status).toBe(401);
    expect((await c.browser.request('GET', '/security')).body).toMatchObject({ frozen: true, hold: { status: 'frozen', reason: 'customer_request' } });
    expect(await ticketsOf(c.email)).toEqual([expect.objectContaining({ reference: r.body.ticket_reference, priority: 'urgent', category: 'security' })]);

    expect((await bystander.browser.request('GET', '/me')).status).toBe(200);
    expect((await accountRow(bystander.id)).frozen_at).toBeNull();
    expect((await CustomerBrowser.of(t).request('POST', '/freeze')).status).toBe(401);
  });

  it('the stolen report freezes, keeps this session for the password change, and puts the report in the urgent ticket', async () => {
    const c = await customer({ locale: 'zh-CN' });
    const thief = CustomerBrowser.of(t);
    expect((await thief.signIn(c.email, c.password)).status).toBe(200);

    const bad = [
      [{}, 'body.details'],
      [{ details: '   ' }, 'body.details'],
      [{ details: 'x'.repeat(10_001) }, 'body.details'],
      [{ details: 'ok', amounts: 'y'.repeat(2001) }, 'body.amounts'],
      [{ details: 'ok', last_good_login: 'a\u0000b' }, 'body.last_good_login'],
    ] as const;
    for (const [json, field] of bad) {
      const r = await c.browser.request('POST', '/stolen', { json });
      expect(r.status, JSON.stringify(json).slice(0, 80)).toBe(400);
      expect(r.body.message).toContain(field);
    }
    expect((await accountRow(c.id)).frozen_at).toBeNull();
    expect(await ticketsOf(c.email)).toHaveLength(0);

    const r = await c.browser.request('POST', '/stolen', {
      json: { last_good_login: '11月25日 晚上 9 点', not_me: '提币 0.5 BTC 到陌生地址', amounts: '0.5 BTC, 11月26日 02:10', details: '我早上起来发现资产被转走了。' },
    });
    expect(r).toMatchObject({ status: 200, body: { ticket_reference: expect.stringMatching(/^WD-/), next: ['password', 'two_factor'] } });
    expect((await c.browser.request('GET', '/me')).status).toBe(200);
    expect((await thief.request('GET', '/me')).status).toBe(401);
    const [ticket] = await ticketsOf(c.email);
    expect(ticket).toMatchObject({ reference: r.body.ticket_reference, priority: 'urgent', category: 'security' });
    const detail = await t.api(`/api/v1/tickets/${ticket?.id}`);
    expect(detail.body.messages[0].text).toContain('不是本人的操作：\n提币 0.5 BTC 到陌生地址');
    expect(detail.body.messages[0].text).toContain('金额和时间：\n0.5 BTC, 11月26日 02:10');

    // Later reports join the same ticket, up to the hourly limit.
    for (let i = 2; i <= STOLEN_REPORTS_PER_HOUR; i++) {
      expect((await c.browser.request('POST', '/stolen', { json: { details: `more ${i}` } })).body.ticket_reference).toBe(r.body.ticket_reference);
    }
    const flood = await c.browser.request('POST', '/stolen', { json: { details: 'one too many' } });
    expect(flood).toMatchObject({ status: 429, body: { error: 'locked_out' } });
    expect(Number(flood.headers.get('retry-after'))).toBeGreaterThan(0);
    const messages = (await t.api(`/api/v1/tickets/${ticket?.id}`)).body.messages as { direction: string; text: string }[];
    expect(messages.filter((m) => m.direction === 'inbound').map((m) => m.text.split('\n').at(-1))).toEqual([expect.any(String), 'more 2', 'more 3', 'more 4', 'more 5']);
    expect(await ticketsOf(c.email)).toHaveLength(1);
  });

  it('the phrase needs recent authentication and a verified address; a bad phrase names the rule; nothing is written on refusal', async () => {
    const c = await customer();
    await db.updateTable('account_sessions').set({ authenticated_at: Date.now() - 16 * 60_000 }).where('account_id', '=', c.id).execute();
    const stale = await c.browser.request('PUT', '/anti-phishing-phrase', { json: { phrase: 'green lantern' } });
    expect(stale).toMatchObject({ status: 403, body: { error: 'reauthentication_required' } });
    expect((await c.browser.request('GET', '/security')).body.phrase_set).toBe(false);

    const unverified = await customer({ verified: false });
    const refused = await unverified.browser.request('PUT', '/anti-phishing-phrase', { json: { phrase: 'green lantern' } });
    expect(refused).toMatchObject({ status: 403, body: { error: 'email_not_verified' } });
    expect(await db.selectFrom('contacts').select('id').where('email', '=', unverified.email).execute()).toHaveLength(0);

    const fresh = await customer();
    expect((await fresh.browser.request('PUT', '/anti-phishing-phrase', { json: { phrase: 'ab' } })).body.message).toMatch(/phrase.*at least 4/);
    expect((await fresh.browser.request('PUT', '/anti-phishing-phrase', { json: { phrase: 'zero\u200bwidth' } })).status).toBe(400);
    expect((await fresh.browser.request('PUT', '/anti-phishing-phrase', { json: { phrase: 'green lantern' }, csrf: null })).status).toBe(403);
    expect((await fresh.browser.request('GET', '/security')).body.phrase_set).toBe(false);
    expect((await fresh.browser.request('PUT', '/anti-phishing-phrase', { json: { phrase: 'green lantern' } })).status).toBe(200);
    const row = await accountRow(fresh.id);
    const contact = await db.selectFrom('contacts').select(['email', 'anti_phishing_phrase']).where('id', '=', row.contact_id as number).executeTakeFirstOrThrow();
    expect(contact).toEqual({ email: fresh.email, anti_phishing_phrase: 'green lantern' });
  });

  it('GET /security scores the account, shows the hold counting down and suggests the next steps', async () => {
    const c = await customer();
    const first = await c.browser.request('GET', '/security');
    expect(first.body).toEqual({
      score: 40,
      email_verified: true,
      two_factor: { totp: false, sms: false, recovery_codes_left: 0 },
      hold: { status: 'allowed' },
      phrase_set: false,
      frozen: false,
      next_steps: ['turn_on_2fa', 'set_phrase'],
    });
    const until = Date.now() + 3_600_000;
    await db.updateTable('accounts').set({ hold_until: until, hold_reason: 'password_changed' }).where('id', '=', c.id).execute();
    expect((await c.browser.request('GET', '/security')).body.hold).toEqual({ status: 'held', until: new Date(until).toISOString(), reason: 'password_changed' });
    expect((await CustomerBrowser.of(t).request('GET', '/security')).status).toBe(401);
  });
});
