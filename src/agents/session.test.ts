import { generate } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { addAgent } from './add-agent.ts';

const PASSWORD = 'correct horse battery staple';

type Answer = { status: number; body: any; headers: Headers };

/** A browser as far as the desk can tell: it keeps the wd_session cookie and sends our Origin unless told otherwise. */
class Browser {
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(readonly base: string, readonly origin = base) {}

  async request(method: string, path: string, opts: { json?: unknown; headers?: Record<string, string>; csrf?: string | null; origin?: string | null } = {}): Promise<Answer> {
    const headers = new Headers(opts.headers);
    if (this.cookie) headers.set('cookie', `theme=dark; wd_session=${this.cookie}`);
    const origin = opts.origin === undefined ? this.origin : opts.origin;
    if (origin !== null) headers.set('origin', origin);
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf) headers.set('x-csrf-token', csrf);
    if (opts.json !== undefined) headers.set('content-type', 'application/json');
    const res = await fetch(this.base + path, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (name !== 'wd_session') continue;
      this.cookie = /max-age=0(;|$)/i.test(line) ? undefined : value;
    }
    const text = await res.text();
    const body = text ? JSON.parse(text) : null;
    if (typeof body?.csrf_token === 'string') this.csrf = body.csrf_token;
    return { status: res.status, body, headers: res.headers };
  }

  signIn(email: string, password = PASSWORD, code?: string) {
    return this.request('POST', '/api/v1/session', { json: { email, password, ...(code === undefined ? {} : { code }) } });
  }
}

/** A code from `secret` for the time step `stepsAhead` from now (the desk accepts one step either side). */
function codeFor(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });
}

describe.each(testDialects())('agent sign-in and console sessions (%s)', (dialect) => {
  let t: TestDesk;
  let base: string;
  let ticketId: number;
  const db = () => t.desk.handle.db;
  const replies = async () => (await t.api(`/api/v1/tickets/${ticketId}`)).body.messages.filter((m: { kind: string }) => m.kind === 'reply').length;

  beforeAll(async () => {
    t = await startTestDesk(dialect);
    base = `http://127.0.0.1:${t.desk.httpPort}`;
    await t.send({ from: 'li@customer.test', to: 'support@walletdesk.local', subject: '提现失败', text: '我昨天提现 100 USDT 失败了' });
    await jobsSettled(db());
    ticketId = (await t.api('/api/v1/tickets')).body.items[0].id;
  });
  afterAll(async () => t?.stop());
  // Every test signs in from 127.0.0.1, so the per-IP failure count starts afresh for each.
  beforeEach(async () => {
    await db().deleteFrom('agent_signin_failures').execute();
  });

  it('signs in with email and password: an HttpOnly, SameSite=Lax session cookie, the agent and a CSRF token', async () => {
    const b = new Browser(base);
    const r = await b.signIn('Agent@Operator.test');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      agent: { id: expect.any(Number), email: 'agent@operator.test', name: null, role: 'agent', totp_enabled: false },
      csrf_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('wd_session='));
    expect(cookie).toMatch(/^wd_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    // Served over plain http here, so not Secure; the https case is below.
    expect(cookie).not.toMatch(/Secure/);
    const stored = await db().selectFrom('agent_sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(b.cookie);

    const again = await b.request('GET', '/api/v1/session');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(r.body);
    expect((await new Browser(base).request('GET', '/api/v1/session')).status).toBe(401);
  });

  it('a session cookie reaches the API; a state change needs our origin and the X-CSRF-Token, else 403 and nothing changes', async () => {
    const b = new Browser(base);
    await b.signIn('agent@operator.test');
    expect((await b.request('GET', `/api/v1/tickets/${ticketId}`)).status).toBe(200);
    expect((await b.request('GET', '/api/v1/outbound')).status).toBe(200);
    const before = await replies();

    const path = `/api/v1/tickets/${ticketId}/replies`;
    const json = { text: 'we are looking into it' };
    const refused: [string, Parameters<Browser['request']>[2]][] = [
      ['no token', { json, csrf: null }],
      ['wrong token', { json, csrf: 'x'.repeat(43) }],
      ['another session’s token', { json, csrf: (await new Browser(base).signIn('admin@operator.test')).body.csrf_token }],
      ['cross-origin', { json, origin: 'https://evil.test' }],
      ['lookalike origin', { json, origin: `${base}.evil.test` }],
      ['opaque origin', { json, origin: 'null' }],
      ['no Origin nor Referer', { json, origin: null }],
      ['cross-site Referer', { json, origin: null, headers: { referer: 'https://evil.test/page' } }],
    ];
    for (const [what, opts] of refused) {
      const r = await b.request('POST', path, opts);
      expect(r.status, what).toBe(403);
      expect(r.body.error, what).toBe('csrf_failed');
    }
    const put = await b.request('PUT', '/api/v1/contacts/1/anti-phishing-phrase', { json: { phrase: 'blue pelican' }, csrf: null });
    expect(put.status).toBe(403);
    expect(put.body.error).toBe('csrf_failed');
    expect((await db().selectFrom('contacts').select('anti_phishing_phrase').executeTakeFirstOrThrow()).anti_phishing_phrase).toBeNull();
    expect(await replies()).toBe(before);

    expect((await b.request('POST', path, { json })).status).toBe(201);
    expect((await b.request('POST', path, { json, origin: null, headers: { referer: `${base}/agent/tickets/${ticketId}` } })).status).toBe(201);
    expect(await replies()).toBe(before + 2);
  });

  it('bearer tokens keep working without CSRF token or Origin', async () => {
    const before = await replies();
    const r = await t.api(`/api/v1/tickets/${ticketId}/replies`, { method: 'POST', json: { text: 'from a script' } });
    expect(r.status).toBe(201);
    expect(await replies()).toBe(before + 1);
    expect((await t.api('/api/v1/session')).status).toBe(401);
  });

  it('a wrong password, an unknown email and a deactivated agent get the same answer in similar time', async () => {
    await addAgent(db(), { email: 'gone@operator.test', role: 'agent', password: PASSWORD });
    await db().updateTable('agents').set({ active: 0 }).where('email', '=', 'gone@operator.test').execute();
    const timed = async (email: string, password: string) => {
      const start = performance.now();
      const r = await new Browser(base).signIn(email, password);
      return { ...r, ms: performance.now() - start };
    };
    const wrong = await timed('agent@operator.test', 'not the password at all');
    const unknown = await timed('nobody@operator.test', 'not the password at all');
    const gone = await timed('gone@operator.test', PASSWORD);
    for (const r of [wrong, unknown, gone]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: 'invalid_credentials', message: 'wrong email or password' });
      expect(r.headers.getSetCookie()).toEqual([]);
    }
    // Each runs one Argon2 verification; without the dummy one an unknown email would answer at once.
    const wrongMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrongMs.push((await timed('agent@operator.test', 'not the password at all')).ms);
      unknownMs.push((await timed(`nobody${i}@operator.test`, 'not the password at all')).ms);
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[1]!;
    expect(median(unknownMs)).toBeGreaterThan(median(wrongMs) * 0.5);
  });

  it('TOTP: set up with a QR code, confirmed by a code, then required at sign-in; a code works once', async () => {
    await addAgent(db(), { email: 'totp@operator.test', role: 'agent', password: PASSWORD });
    const b = new Browser(base);
    await b.signIn('totp@operator.test');
    const setup = await b.request('POST', '/api/v1/session/totp/setup');
    expect(setup.status).toBe(200);
    const { secret, otpauth_url, qr_svg } = setup.body;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauth_url).toMatch(new RegExp(`^otpauth://totp/walletdesk:totp%40operator\\.test\\?.*secret=${secret}`));
    expect(qr_svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect((await b.request('POST', '/api/v1/session/totp/confirm', { json: { code: '000000' === (await codeFor(secret)) ? '111111' : '000000' } })).status).toBe(400);
    const confirmCode = await codeFor(secret);
    expect((await b.request('POST', '/api/v1/session/totp/confirm', { json: { code: confirmCode }, csrf: null })).status).toBe(403);
    expect((await b.request('POST', '/api/v1/session/totp/confirm', { json: { code: confirmCode } })).status).toBe(204);
    expect((await b.request('GET', '/api/v1/session')).body.agent.totp_enabled).toBe(true);
    expect((await b.request('POST', '/api/v1/session/totp/setup')).status).toBe(409);

    const c = new Browser(base);
    const noCode = await c.signIn('totp@operator.test');
    expect(noCode.status).toBe(401);
    expect(noCode.body).toMatchObject({ error: 'two_factor_required', two_factor_required: true });
    expect(c.cookie).toBeUndefined();
    // The code used to confirm belongs to a step that is now spent.
    expect((await c.signIn('totp@operator.test', PASSWORD, confirmCode)).body.error).toBe('invalid_code');
    const valid = new Set(await Promise.all([-1, 0, 1, 2].map((s) => codeFor(secret, s))));
    const wrongCode = ['123456', '654321', '000000'].find((x) => !valid.has(x))!;
    expect((await c.signIn('totp@operator.test', PASSWORD, wrongCode)).body).toMatchObject({ error: 'invalid_code' });
    expect((await c.signIn('totp@operator.test', 'wrong password here', await codeFor(secret, 1))).body.error).toBe('invalid_credentials');

    const next = await codeFor(secret, 1);
    const ok = await c.signIn('totp@operator.test', PASSWORD, next);
    expect(ok.status).toBe(200);
    expect(ok.body.agent).toMatchObject({ email: 'totp@operator.test', totp_enabled: true });
    expect((await c.request('GET', '/api/v1/tickets')).status).toBe(200);
    const replay = await new Browser(base).signIn('totp@operator.test', PASSWORD, next);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('invalid_code');
  });

  it('an agent required to use TOTP gets a session that can only enrol, until a code is confirmed', async () => {
    await addAgent(db(), { email: 'must@operator.test', role: 'agent', password: PASSWORD, require_totp: true });
    const b = new Browser(base);
    const r = await b.signIn('must@operator.test');
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ error: 'totp_enrolment_required', totp_enrolment_required: true, agent: { email: 'must@operator.test', totp_enabled: false }, csrf_token: expect.any(String) });
    expect(r.headers.getSetCookie()[0]).toMatch(/Max-Age=900;/);
    expect((await b.request('GET', '/api/v1/tickets')).body.error).toBe('totp_enrolment_required');
    expect((await b.request('GET', '/api/v1/session')).status).toBe(403);
    const before = await replies();
    expect((await b.request('POST', `/api/v1/tickets/${ticketId}/replies`, { json: { text: 'hi' } })).status).toBe(403);
    expect(await replies()).toBe(before);

    const { secret } = (await b.request('POST', '/api/v1/session/totp/setup')).body;
    const confirmed = await b.request('POST', '/api/v1/session/totp/confirm', { json: { code: await codeFor(secret) } });
    expect(confirmed.status).toBe(204);
    expect(confirmed.headers.getSetCookie()[0]).toMatch(/Max-Age=43(19\d|200);/);
    expect((await b.request('GET', '/api/v1/tickets')).status).toBe(200);
    expect((await b.request('GET', '/api/v1/session')).body.agent.totp_enabled).toBe(true);
    expect((await new Browser(base).signIn('must@operator.test')).body.error).toBe('two_factor_required');
  });

  it('10 failures in 15 minutes give 429 with Retry-After, even with the right password, per account and per IP', async () => {
    const b = new Browser(base);
    for (let i = 0; i < 10; i++) expect((await b.signIn('agent@operator.test', `wrong password ${i}`)).status).toBe(401);
    const limited = await b.signIn('agent@operator.test');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(b.cookie).toBeUndefined();
    // The same IP address is limited for every other email too, real or not.
    expect((await b.signIn('admin@operator.test')).status).toBe(429);
    expect((await b.signIn('nobody@operator.test')).status).toBe(429);

    // Another address: only the account's count applies (the failures here were all recorded from 127.0.0.1).
    await db().deleteFrom('agent_signin_failures').where('scope', '=', 'ip').execute();
    expect((await b.signIn('agent@operator.test')).status).toBe(429);
    expect((await b.signIn('admin@operator.test')).status).toBe(200);
  });

  it('signing out ends the session: the cookie is cleared and replaying it gets 401', async () => {
    const b = new Browser(base);
    await b.signIn('agent@operator.test');
    const cookie = b.cookie;
    expect((await b.request('DELETE', '/api/v1/session', { csrf: null })).status).toBe(403);
    expect((await b.request('GET', '/api/v1/session')).status).toBe(200);
    const out = await b.request('DELETE', '/api/v1/session');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/^wd_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);
    expect(b.cookie).toBeUndefined();
    b.cookie = cookie;
    expect((await b.request('GET', '/api/v1/session')).status).toBe(401);
    expect((await b.request('GET', '/api/v1/tickets')).status).toBe(401);
  });

  it("a deactivated agent's session stops working", async () => {
    await addAgent(db(), { email: 'leaver@operator.test', role: 'agent', password: PASSWORD });
    const b = new Browser(base);
    await b.signIn('leaver@operator.test');
    expect((await b.request('GET', '/api/v1/tickets')).status).toBe(200);
    await db().updateTable('agents').set({ active: 0 }).where('email', '=', 'leaver@operator.test').execute();
    expect((await b.request('GET', '/api/v1/tickets')).status).toBe(401);
    expect((await b.request('GET', '/api/v1/session')).status).toBe(401);
  });

  it('a tampered or made-up cookie gets 401', async () => {
    const b = new Browser(base);
    await b.signIn('agent@operator.test');
    const real = b.cookie!;
    const flipped = real.slice(0, 10) + (real[10] === 'A' ? 'B' : 'A') + real.slice(11);
    for (const cookie of [flipped, real.slice(0, -1), `${real}A`, 'A'.repeat(43), '../../etc/passwd', '']) {
      const forged = new Browser(base);
      forged.cookie = cookie || ' ';
      const r = await forged.request('GET', '/api/v1/tickets');
      expect(r.status, cookie).toBe(401);
      expect(r.body.error).toBe('unauthorized');
    }
    expect((await b.request('GET', '/api/v1/tickets')).status).toBe(200);
  });

  it('the OpenAPI document describes the session routes, with signing in needing no credentials', async () => {
    const doc = await (await fetch(`${base}/api/v1/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/session', '/api/v1/session/totp/setup', '/api/v1/session/totp/confirm']));
    expect(doc.paths['/api/v1/session'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/session'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(doc.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'wd_session' });
  });

  it('a sign-in posted from another origin is refused (login CSRF)', async () => {
    const r = await new Browser(base, 'https://evil.test').signIn('agent@operator.test');
    expect(r.status).toBe(403);
    expect(r.headers.getSetCookie()).toEqual([]);
  });
});

describe.each(testDialects())('console sessions behind https, with a short idle timeout (%s)', (dialect) => {
  let t: TestDesk;
  let base: string;
  beforeAll(async () => {
    // 0.04 minutes: 2.4 seconds.
    t = await startTestDesk(dialect, { WALLETDESK_SESSION_IDLE_MINUTES: '0.04', WALLETDESK_PUBLIC_URL: 'https://desk.example.test' });
    base = `http://127.0.0.1:${t.desk.httpPort}`;
  });
  afterAll(async () => t?.stop());

  it('the cookie is Secure; a session in use stays alive, an idle one ends', async () => {
    const b = new Browser(base, 'https://desk.example.test');
    const r = await b.signIn('agent@operator.test');
    expect(r.status).toBe(200);
    expect(r.headers.getSetCookie()[0]).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect((await b.request('GET', '/api/v1/tickets')).status, `request ${i}`).toBe(200);
    }
    // The public URL's origin is ours, so a state change from it passes the origin check.
    expect((await b.request('PATCH', '/api/v1/tickets/999999', { json: { status: 'open' } })).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idle = await b.request('GET', '/api/v1/tickets');
    expect(idle.status).toBe(401);
    expect(idle.body.message).toBe('session expired or invalid');
    expect(await t.desk.handle.db.selectFrom('agent_sessions').selectAll().execute()).toEqual([]);
  });
});

describe.each(testDialects())('two-factor authentication required of every agent (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_AGENT_REQUIRE_TOTP: 'true' });
  });
  afterAll(async () => t?.stop());

  it('WALLETDESK_AGENT_REQUIRE_TOTP=true gives an agent without TOTP a session that can only enrol; bearer tokens are unaffected', async () => {
    const b = new Browser(`http://127.0.0.1:${t.desk.httpPort}`);
    const r = await b.signIn('admin@operator.test');
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('totp_enrolment_required');
    expect((await b.request('GET', '/api/v1/tickets')).status).toBe(403);
    expect((await b.request('POST', '/api/v1/session/totp/setup')).status).toBe(200);
    expect((await t.api('/api/v1/tickets')).status).toBe(200);
  });
});
