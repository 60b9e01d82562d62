import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { createApiToken } from '../agents/api-tokens.ts';

describe.each(testDialects())('desk administration (%s)', (dialect) => {
  let t: TestDesk;
  let adminId: number;
  const asAdmin = (path: string, init: RequestInit & { json?: unknown } = {}) => t.api(path, { ...init, headers: { authorization: `Bearer ${t.adminToken}` } });

  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_SUPPORT_ADDRESS: 'support@wallet.example', WALLETDESK_SUPPORT_ALIASES: 'help@wallet.example,kefu@wallet.example' });
    adminId = (await t.desk.handle.db.selectFrom('agents').select('id').where('email', '=', 'admin@operator.test').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.stop());

  it('agents get 403 on every admin route; admins get through', async () => {
    const routes: [string, RequestInit & { json?: unknown }][] = [
      ['/api/v1/agents', {}],
      ['/api/v1/agents', { method: 'POST', json: { email: 'new@operator.test', role: 'agent', password: 'a long enough password' } }],
      [`/api/v1/agents/${adminId}`, { method: 'PATCH', json: { role: 'agent' } }],
      ['/api/v1/settings/addresses', {}],
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
    expect(list.body.items[0]).toEqual({ id: expect.any(Number), email: 'agent@operator.test', name: null, role: 'agent', active: true, created_at: expect.any(String) });
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
    for (const [json, field] of [[{ role: 'root' }, /role/], [{ active: 'no' }, /active/], [{ email: 'a@b.c' }, /email/]] as const) {
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

  it('support addresses come from the configuration, read-only', async () => {
    const r = await asAdmin('/api/v1/settings/addresses');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ support_address: 'support@wallet.example', aliases: ['help@wallet.example', 'kefu@wallet.example'], editable: false });
    expect((await asAdmin('/api/v1/settings/addresses', { method: 'PUT', json: {} })).status).toBe(404);
  });
});
