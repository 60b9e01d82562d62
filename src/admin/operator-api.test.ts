import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../agents/api-tokens.ts';
import { createServiceToken } from '../accounts/withdrawal/service-tokens.ts';
import { testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

describe.each(testDialects())('tokens and agent credentials for admins (%s)', (dialect) => {
  let t: TestDesk;
  let agentId: number;
  const base = () => `http://127.0.0.1:${t.desk.httpPort}`;
  const asAdmin = (path: string, init: RequestInit & { json?: unknown } = {}) => t.api(path, { ...init, headers: { authorization: `Bearer ${t.adminToken}` } });
  const signIn = async (password: string) => {
    const res = await fetch(`${base()}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base() }, body: JSON.stringify({ email: 'agent@operator.test', password }) });
    return { status: res.status, cookie: res.headers.getSetCookie().find((c) => c.startsWith('wd_session='))?.split(';')[0] ?? '' };
  };
  const sessionWorks = async (cookie: string) => (await t.api('/api/v1/tickets', { anonymous: true, headers: { cookie } })).status === 200;

  beforeAll(async () => {
    t = await startTestDesk(dialect);
    agentId = Number((await t.desk.handle.db.selectFrom('agents').select('id').where('email', '=', 'agent@operator.test').executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => t?.stop());

  it('agents get 403 on every operator route', async () => {
    for (const [method, path] of [['GET', '/api/v1/tokens'], ['DELETE', '/api/v1/tokens/1'], ['POST', `/api/v1/agents/${agentId}/password`], ['POST', `/api/v1/agents/${agentId}/totp-reset`], ['GET', '/api/v1/audit']] as const) {
      const r = await t.api(path, { method, ...(method === 'POST' && { json: path.endsWith('/password') ? { password: 'a long enough password' } : {} }) });
      expect(r.status, `${method} ${path}`).toBe(403);
    }
  });

  it('lists tokens without their values, and a revoked token stops working at once; audited', async () => {
    const victim = await createApiToken(t.desk.handle.db, 'agent@operator.test', 'old laptop');
    const service = await createServiceToken(t.desk.handle.db, 'wallet-backend');
    expect((await t.api('/api/v1/tickets', { headers: { authorization: `Bearer ${victim}` } })).status).toBe(200);
    const list = await asAdmin('/api/v1/tokens');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(victim.slice(3, 20));
    expect(JSON.stringify(list.body)).not.toContain(service.slice(4, 20));
    const entry = list.body.items.find((i: { label: string | null }) => i.label === 'old laptop');
    expect(entry).toEqual({ id: expect.any(Number), kind: 'agent', owner: 'agent@operator.test', agent_id: agentId, label: 'old laptop', created_at: expect.any(String), last_used_at: expect.any(String) });
    expect(list.body.items).toContainEqual(expect.objectContaining({ kind: 'service', owner: 'wallet-backend' }));

    expect((await asAdmin(`/api/v1/tokens/${entry.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api('/api/v1/tickets', { headers: { authorization: `Bearer ${victim}` } })).status).toBe(401);
    expect((await asAdmin(`/api/v1/tokens/${entry.id}`, { method: 'DELETE' })).status).toBe(404);
    const serviceId = list.body.items.find((i: { kind: string }) => i.kind === 'service').id;
    expect((await asAdmin(`/api/v1/tokens/${serviceId}?kind=service`, { method: 'DELETE' })).status).toBe(204);
    const audit = await asAdmin('/api/v1/audit?action=token.revoke');
    expect(audit.body.items.map((e: { target: string }) => e.target)).toEqual([`service_token:${serviceId}`, `token:${entry.id}`]);
  });

  it("an admin resets an agent's password: their sessions end, the new password works, the old one not; audited", async () => {
    const before = await signIn('correct horse battery staple');
    expect(before.status).toBe(200);
    expect(await sessionWorks(before.cookie)).toBe(true);
    expect((await asAdmin(`/api/v1/agents/${agentId}/password`, { method: 'POST', json: { password: 'short' } })).status).toBe(400);
    expect((await asAdmin('/api/v1/agents/999999/password', { method: 'POST', json: { password: 'a brand new long password' } })).status).toBe(404);
    expect((await asAdmin(`/api/v1/agents/${agentId}/password`, { method: 'POST', json: { password: 'a brand new long password', reason: 'agent forgot it' } })).status).toBe(204);
    expect(await sessionWorks(before.cookie)).toBe(false);
    expect((await signIn('correct horse battery staple')).status).toBe(401);
    expect((await signIn('a brand new long password')).status).toBe(200);
    const audit = await asAdmin(`/api/v1/audit?agent_id=${agentId}&action=agent.password_reset`);
    expect(audit.body.items).toEqual([expect.objectContaining({ target: `agent:${agentId}`, reason: 'agent forgot it', details: expect.objectContaining({ via: 'api', sessions_ended: 1 }) })]);
    expect(JSON.stringify(audit.body)).not.toContain('a brand new long password');
  });

  it("an admin resets an agent's TOTP: it is off, their sessions end; audited", async () => {
    // Signed in first, then TOTP on (as after enrolment), so the session is one a TOTP reset must end.
    const session = await signIn('a brand new long password');
    await t.desk.handle.db.updateTable('agents').set({ totp_enabled: 1, totp_secret: 'x', totp_last_step: 3 }).where('id', '=', agentId).execute();
    expect((await asAdmin(`/api/v1/agents/${agentId}/totp-reset`, { method: 'POST', json: {} })).status).toBe(204);
    expect(await sessionWorks(session.cookie)).toBe(false);
    const list = await asAdmin('/api/v1/agents');
    expect(list.body.items.find((a: { id: number }) => a.id === agentId)).toMatchObject({ totp_enabled: false });
    expect((await asAdmin(`/api/v1/audit?agent_id=${agentId}&action=agent.totp_reset`)).body.items).toHaveLength(1);
  });
});
