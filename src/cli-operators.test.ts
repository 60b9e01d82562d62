import { spawn } from 'node:child_process';
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgent } from './agents/add-agent.ts';
import { createSession, sessionForCookie } from './agents/agent-sessions.ts';
import { agentForToken, createApiToken } from './agents/api-tokens.ts';
import { createServiceToken } from './accounts/withdrawal/service-tokens.ts';
import { openDatabase, type DbHandle } from './platform/db/connect.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { childEnv, walletdeskBin } from './platform/testing/desk-process.ts';
import { createTestDatabase, testDialects, type TestDatabase } from './platform/testing/test-database.ts';

type Run = { code: number | null; stdout: string; stderr: string };

describe.each(testDialects())('operator commands (%s)', (dialect) => {
  let database: TestDatabase;
  let handle: DbHandle;
  const db = () => handle.db;

  function walletdesk(args: string[], stdin = ''): Promise<Run> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [walletdeskBin, ...args], { env: childEnv({ DATABASE_URL: database.url, WALLETDESK_DATA_DIR: database.dir, WALLETDESK_LOG_LEVEL: 'silent' }) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.stdin.end(stdin);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  }
  const agentId = async (email: string) => Number((await db().selectFrom('agents').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id);
  const auditActions = async () => (await db().selectFrom('audit_log').select(['action', 'target', 'actor_agent_id']).orderBy('id').execute()).map((e) => `${e.action} ${e.target}`);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    handle = openDatabase(database.url);
    await migrateToLatest(handle.db, handle.dialect);
    await addAgent(handle.db, { email: 'lin@operator.test', role: 'admin', name: 'Lin', password: 'correct horse battery staple' });
    await addAgent(handle.db, { email: 'mo@operator.test', role: 'agent', password: 'correct horse battery staple' });
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('token list shows every token with its owner and dates but never the token; token revoke ends it at once, audited', async () => {
    const token = await createApiToken(db(), 'mo@operator.test', 'laptop script');
    const service = await createServiceToken(db(), 'wallet-backend');
    expect(await agentForToken(db(), token)).toMatchObject({ email: 'mo@operator.test' });
    const tokenId = Number((await db().selectFrom('api_tokens').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id);

    const list = await walletdesk(['token', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${tokenId}\\s+agent\\s+mo@operator\\.test\\s+laptop script`, 'm'));
    expect(list.stdout).toMatch(/service\s+wallet-backend/);
    expect(list.stdout).not.toContain(token.slice(3, 20));
    expect(list.stdout).not.toContain(service.slice(4, 20));
    const json = JSON.parse((await walletdesk(['token', 'list', '--json'])).stdout);
    expect(json).toContainEqual(expect.objectContaining({ id: tokenId, kind: 'agent', owner: 'mo@operator.test', last_used_at: expect.any(String) }));

    const revoked = await walletdesk(['token', 'revoke', String(tokenId)]);
    expect(revoked.code).toBe(0);
    expect(await agentForToken(db(), token)).toBeUndefined();
    expect(await auditActions()).toContain(`token.revoke token:${tokenId}`);
    const again = await walletdesk(['token', 'revoke', String(tokenId)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no agent token with id/);
    expect((await walletdesk(['token', 'revoke', 'abc'])).code).toBe(2);
  });

  it('agent list shows each agent with role, state and 2FA, and no password hash', async () => {
    const run = await walletdesk(['agent', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/lin@operator\.test\s+Lin\s+admin\s+yes\s+off/);
    expect(run.stdout).toMatch(/mo@operator\.test\s+agent\s+yes\s+off/);
    expect(run.stdout).not.toMatch(/argon|\$argon2/);
  });

  it('agent reset-password sets the password read from stdin and ends their sessions; audited', async () => {
    const id = await agentId('mo@operator.test');
    const { sessionId } = await createSession(db(), id, 'full', { ip: '127.0.0.1', userAgent: 'test' });
    expect(await sessionForCookie(db(), sessionId, 60_000)).toBeDefined();
    expect((await walletdesk(['agent', 'reset-password', '--email', 'mo@operator.test'], 'short\n')).code).toBe(2);
    const run = await walletdesk(['agent', 'reset-password', '--email', 'Mo@Operator.test'], 'a brand new long password\n');
    expect(run.code, run.stderr).toBe(0);
    const row = await db().selectFrom('agents').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(await verify(row.password_hash, 'a brand new long password')).toBe(true);
    expect(await sessionForCookie(db(), sessionId, 60_000)).toBeUndefined();
    expect(await auditActions()).toContain(`agent.password_reset agent:${id}`);
    const unknown = await walletdesk(['agent', 'reset-password', '--email', 'nobody@operator.test'], 'a brand new long password\n');
    expect(unknown.code).toBe(1);
  });

  it('agent reset-totp removes their TOTP and ends their sessions; audited', async () => {
    const id = await agentId('lin@operator.test');
    await db().updateTable('agents').set({ totp_enabled: 1, totp_secret: 'sealed-or-not', totp_last_step: 5 }).where('id', '=', id).execute();
    const { sessionId } = await createSession(db(), id, 'full', { ip: '127.0.0.1', userAgent: 'test' });
    const run = await walletdesk(['agent', 'reset-totp', '--email', 'lin@operator.test']);
    expect(run.code, run.stderr).toBe(0);
    expect(await db().selectFrom('agents').select(['totp_enabled', 'totp_secret', 'totp_pending_secret']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ totp_enabled: 0, totp_secret: null, totp_pending_secret: null });
    expect(await sessionForCookie(db(), sessionId, 60_000)).toBeUndefined();
    expect(await auditActions()).toContain(`agent.totp_reset agent:${id}`);
  });

  it('audit verify passes an intact log and exits 1 naming the first entry someone changed', async () => {
    const ok = await walletdesk(['audit', 'verify']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/intact: 3 entries/);
    await db().updateTable('audit_log').set({ actor_agent_id: 77 }).where('id', '=', 2).execute();
    const broken = await walletdesk(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken at entry 2\b/);
  });
});
