import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { createApiToken } from '../agents/api-tokens.ts';
import { SupportAddresses } from './support-addresses.ts';

describe.each(testDialects())('desk administration (%s)', (dialect) => {
  let t: TestDesk;
  let adminId: number;
  const asAdmin = (path: string, init: RequestInit & { json?: unknown } = {}) => t.api(path, { ...init, headers: { authorization: `Bearer ${t.adminToken}` } });

  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_SUPPORT_ADDRESS: 'support@wallet.example', WALLETDESK_SUPPORT_ALIASES: 'help@wallet.example,kefu@wallet.example' });
    adminId = (await t.desk.handle.db.selectFrom('agents').select('id').where('email', '=', 'admin@operator.test').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.stop());

  /** Signs in through the console's own endpoint and returns the session cookie (or the refusal). */
  const consoleSignIn = async (email: string) => {
    const base = `http://127.0.0.1:${t.desk.httpPort}`;
    const res = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email, password: 'correct horse battery staple' }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('wd_session='))?.split(';')[0];
    return { status: res.status, body: await res.json(), cookie: cookie ?? '' };
  };
  const sessionStatus = async (cookie: string) => (await t.api('/api/v1/session', { anonymous: true, headers: { cookie } })).status;

  it('agents get 403 on every admin route; admins get through', async () => {
    const routes: [string, RequestInit & { json?: unknown }][] = [
      ['/api/v1/agents', {}],
      ['/api/v1/agents', { method: 'POST', json: { email: 'new@operator.test', role: 'agent', password: 'a long enough password' } }],
      [`/api/v1/agents/${adminId}`, { method: 'PATCH', json: { role: 'agent' } }],
      ['/api/v1/settings/addresses', {}],
      ['/api/v1/settings/aliases', { method: 'POST', json: { address: 'sneaky@wallet.example' } }],
      ['/api/v1/settings/aliases/help@wallet.example', { method: 'DELETE' }],
    ];
    for (const [path, init] of routes) {
      const r = await t.api(path, init);
      expect(r.status, `${init.method ?? 'GET'} ${path}`).toBe(403);
      expect(r.body.error).toBe('forbidden');
    }
    expect((await t.api('/api/v1/agents', { headers: { authorization: '' } })).status).toBe(401);
    const list = await asAdmin('/api/v1/agents');
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { email: string }) => a.email)).toEqual(['agent@operator.test', 'admin@operator.test']);
    expect(list.body.items[0]).toEqual({
      id: expect.any(Number),
      email: 'agent@operator.test',
      name: null,
      role: 'agent',
      active: true,
      require_totp: false,
      totp_enabled: false,
      created_at: expect.any(String),
    });
    expect(JSON.stringify(list.body)).not.toMatch(/password|argon/i);
  });

  it('an admin adds an agent who can then sign in with a token; duplicates and bad input are refused naming the field', async () => {
    const created = await asAdmin('/api/v1/agents', { method: 'POST', json: { email: ' Mei@Operator.test ', name: 'Mei', role: 'agent', password: 'correct horse battery staple' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'mei@operator.test', name: 'Mei', role: 'agent', active: true });
    const token = await createApiToken(t.desk.handle.db, 'mei@operator.test');
    expect((await t.api('/api/v1/tickets', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    const dup = await asAdmin('/api/v1/agents', { method: 'POST', json: { email: 'mei@operator.test', role: 'agent', password: 'correct horse battery staple' } });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toMatch(/email/);
    const cases: [unknown, RegExp][] = [
      [{ email: 'not-an-email', role: 'agent', password: 'correct horse battery staple' }, /email/],
      [{ email: 'x@operator.test', role: 'owner', password: 'correct horse battery staple' }, /role/],
      [{ email: 'x@operator.test', role: 'agent', password: 'short' }, /password/],
      [{ email: 'x@operator.test', role: 'agent' }, /password/],
      [{ email: 'x@operator.test', role: 'agent', password: 'correct horse battery staple', superuser: true }, /superuser/],
    ];
    for (const [json, field] of cases) {
      const r = await asAdmin('/api/v1/agents', { method: 'POST', json });
      expect(r.status, JSON.stringify(json)).toBe(400);
      expect(r.body.message).toMatch(field);
    }
  });

  it('an admin renames, promotes, demotes and deactivates agents; a deactivated agent is locked out at once', async () => {
    const created = await asAdmin('/api/v1/agents', { method: 'POST', json: { email: 'temp@operator.test', role: 'agent', password: 'correct horse battery staple' } });
    const id = created.body.id as number;
    const token = await createApiToken(t.desk.handle.db, 'temp@operator.test');
    const renamed = await asAdmin(`/api/v1/agents/${id}`, { method: 'PATCH', json: { name: 'Temp Worker', role: 'admin' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id, name: 'Temp Worker', role: 'admin', active: true });
    // Now an admin, the new agent may use the admin routes.
    expect((await t.api('/api/v1/agents', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const off = await asAdmin(`/api/v1/agents/${id}`, { method: 'PATCH', json: { active: false, role: 'agent' } });
    expect(off.body).toMatchObject({ active: false, role: 'agent' });
    expect((await t.api('/api/v1/tickets', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await asAdmin(`/api/v1/agents/${id}`, { method: 'PATCH', json: { active: true } })).body.active).toBe(true);

    expect((await asAdmin('/api/v1/agents/999999', { method: 'PATCH', json: { name: 'x' } })).status).toBe(404);
    for (const [json, field] of [[{ role: 'root' }, /role/], [{ active: 'no' }, /active/], [{ require_totp: 'yes' }, /require_totp/], [{ email: 'a@b.c' }, /email/]] as const) {
      const r = await asAdmin(`/api/v1/agents/${id}`, { method: 'PATCH', json });
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(field);
    }
    expect((await asAdmin('/api/v1/agents/abc', { method: 'PATCH', json: {} })).status).toBe(400);
  });

  it('the last active admin can neither demote nor deactivate themselves; with a second admin they can', async () => {
    for (const json of [{ role: 'agent' }, { active: false }]) {
      const r = await asAdmin(`/api/v1/agents/${adminId}`, { method: 'PATCH', json });
      expect(r.status, JSON.stringify(json)).toBe(409);
      expect(r.body.error).toBe('last_admin');
    }
    expect((await asAdmin(`/api/v1/agents/${adminId}`, { method: 'PATCH', json: { name: 'Still Admin' } })).status).toBe(200);

    const second = await asAdmin('/api/v1/agents', { method: 'POST', json: { email: 'second@operator.test', role: 'admin', password: 'correct horse battery staple' } });
    const secondToken = await createApiToken(t.desk.handle.db, 'second@operator.test');
    const demoted = await asAdmin(`/api/v1/agents/${adminId}`, { method: 'PATCH', json: { role: 'agent' } });
    expect(demoted.status).toBe(200);
    expect(demoted.body.role).toBe('agent');
    // The second admin is now the last one.
    const asSecond = (json: unknown) => t.api(`/api/v1/agents/${second.body.id}`, { method: 'PATCH', json, headers: { authorization: `Bearer ${secondToken}` } });
    expect((await asSecond({ active: false })).status).toBe(409);
    expect((await t.api(`/api/v1/agents/${adminId}`, { method: 'PATCH', json: { role: 'admin' }, headers: { authorization: `Bearer ${secondToken}` } })).status).toBe(200);
  });

  it('requiring TOTP of an agent ends their sessions without it; the next sign-in must enrol', async () => {
    const created = await asAdmin('/api/v1/agents', { method: 'POST', json: { email: 'lax@operator.test', role: 'agent', password: 'correct horse battery staple' } });
    expect(created.body).toMatchObject({ require_totp: false, totp_enabled: false });
    const first = await consoleSignIn('lax@operator.test');
    expect(first.status).toBe(200);
    expect(await sessionStatus(first.cookie)).toBe(200);

    const required = await asAdmin(`/api/v1/agents/${created.body.id}`, { method: 'PATCH', json: { require_totp: true } });
    expect(required.status).toBe(200);
    expect(required.body).toMatchObject({ require_totp: true, totp_enabled: false, active: true });
    expect(await sessionStatus(first.cookie)).toBe(401);
    const again = await consoleSignIn('lax@operator.test');
    expect(again.status).toBe(403);
    expect(again.body.error).toBe('totp_enrolment_required');
    const listed = (await asAdmin('/api/v1/agents')).body.items.find((a: { id: number }) => a.id === created.body.id);
    expect(listed).toMatchObject({ require_totp: true });

    // Lifting the requirement signs nobody out, and sign-in works with a password alone again.
    const other = await consoleSignIn('agent@operator.test');
    expect((await asAdmin(`/api/v1/agents/${created.body.id}`, { method: 'PATCH', json: { require_totp: false } })).body.require_totp).toBe(false);
    expect((await consoleSignIn('lax@operator.test')).status).toBe(200);
    expect(await sessionStatus(other.cookie)).toBe(200);

    const addedRequired = await asAdmin('/api/v1/agents', { method: 'POST', json: { email: 'strict@operator.test', role: 'agent', password: 'correct horse battery staple', require_totp: true } });
    expect(addedRequired.body).toMatchObject({ require_totp: true, totp_enabled: false });
  });

  it('lists the support address and the configured aliases, and refuses bad or duplicate aliases naming the problem', async () => {
    const r = await asAdmin('/api/v1/settings/addresses');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      support_address: 'support@wallet.example',
      aliases: [
        { address: 'help@wallet.example', source: 'configuration' },
        { address: 'kefu@wallet.example', source: 'configuration' },
      ],
      editable: true,
    });
    expect((await asAdmin('/api/v1/settings/addresses', { method: 'PUT', json: {} })).status).toBe(404);

    const bad: [unknown, RegExp][] = [
      [{ address: 'not-an-email' }, /address/],
      [{ address: '' }, /address/],
      [{}, /address/],
      [{ address: `${'a'.repeat(250)}@wallet.example` }, /address/],
      [{ address: 'x@wallet.example', source: 'configuration' }, /source/],
      [{ address: 'x@wallet.example\r\nRCPT TO:<y@evil.example>' }, /address/],
    ];
    for (const [json, problem] of bad) {
      const res = await asAdmin('/api/v1/settings/aliases', { method: 'POST', json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.message).toMatch(problem);
    }
    for (const address of ['HELP@wallet.example', 'support@wallet.example']) {
      const res = await asAdmin('/api/v1/settings/aliases', { method: 'POST', json: { address } });
      expect(res.status, address).toBe(409);
      expect(res.body.message).toMatch(/address/);
    }
    expect((await asAdmin('/api/v1/settings/aliases/help@wallet.example', { method: 'DELETE' })).status).toBe(409);
    expect((await asAdmin('/api/v1/settings/aliases/support@wallet.example', { method: 'DELETE' })).status).toBe(409);
    expect((await asAdmin('/api/v1/settings/aliases/nobody@wallet.example', { method: 'DELETE' })).status).toBe(404);
    expect(await t.desk.handle.db.selectFrom('support_aliases').selectAll().execute()).toEqual([]);
  });

  it('an alias added by an admin takes mail at SMTP at once (250 and a ticket); once removed it is refused with 550', async () => {
    const subject = 'Mail to the new alias';
    await expect(t.send({ from: 'customer@example.com', to: 'vip@wallet.example', subject, text: 'Hello' })).rejects.toMatchObject({ responseCode: 550 });

    const added = await asAdmin('/api/v1/settings/aliases', { method: 'POST', json: { address: ' VIP@Wallet.example ' } });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ address: 'vip@wallet.example', source: 'console' });
    expect((await asAdmin('/api/v1/settings/aliases', { method: 'POST', json: { address: 'vip@wallet.example' } })).status).toBe(409);
    expect((await asAdmin('/api/v1/settings/addresses')).body.aliases).toContainEqual({ address: 'vip@wallet.example', source: 'console' });

    const sent = await t.send({ from: 'customer@example.com', to: 'Vip@wallet.example', subject, text: 'Hello, my withdrawal is stuck.' });
    expect(sent.response).toMatch(/^250 /);
    const ticket = await waitFor(async () => (await t.api('/api/v1/tickets?limit=50')).body.items.find((i: { subject: string }) => i.subject === subject), 15_000, 'the ticket');
    expect(ticket.requester.address).toBe('customer@example.com');

    // An agent cannot remove it, and their attempt changes nothing.
    expect((await t.api('/api/v1/settings/aliases/vip@wallet.example', { method: 'DELETE' })).status).toBe(403);
    expect((await asAdmin(`/api/v1/settings/aliases/${encodeURIComponent('VIP@wallet.example')}`, { method: 'DELETE' })).status).toBe(204);
    expect((await asAdmin('/api/v1/settings/addresses')).body.aliases).not.toContainEqual(expect.objectContaining({ address: 'vip@wallet.example' }));
    await expect(t.send({ from: 'customer@example.com', to: 'vip@wallet.example', subject: 'After removal', text: 'Hello' })).rejects.toMatchObject({ responseCode: 550 });
  });

  it('another process sees an alias change once its short cache runs out', async () => {
    const settings = { supportAddress: 'support@wallet.example', acceptedAddresses: ['support@wallet.example'] };
    const here = new SupportAddresses(t.desk.handle.db, settings, 60_000);
    const elsewhere = new SupportAddresses(t.desk.handle.db, settings, 300);
    expect(await elsewhere.accepts('late@wallet.example')).toBe(false);
    expect(await here.add('late@wallet.example', adminId)).toBe('added');
    expect(await here.accepts('LATE@wallet.example')).toBe(true);
    // Cached: no query per RCPT, so the other process still says no for a moment…
    expect(await elsewhere.accepts('late@wallet.example')).toBe(false);
    // …and yes within its cache time.
    await waitFor(async () => (await elsewhere.accepts('late@wallet.example')) || undefined, 5_000, 'the other cache to refresh');
    expect(await here.remove('late@wallet.example')).toBe('removed');
    expect(await here.accepts('late@wallet.example')).toBe(false);
  });
});
