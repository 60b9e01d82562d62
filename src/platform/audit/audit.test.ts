import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database.ts';
import { GENESIS_HASH, listAudit, recordAudit, verifyAuditChain } from './audit-log.ts';

describe.each(testDialects())('the audit log (%s)', (dialect) => {
  let database: TestDatabase;
  const handles: DbHandle[] = [];
  async function open(): Promise<DbHandle> {
    const handle = openDatabase(database.url);
    handles.push(handle);
    await migrateToLatest(handle.db, handle.dialect);
    return handle;
  }
  afterEach(async () => {
    for (const h of handles.splice(0)) await h.close();
    await database?.drop();
  });

  it('chains every entry to the one before it, and verifies', async () => {
    database = await createTestDatabase(dialect);
    const { db } = await open();
    const first = await recordAudit(db, { actorAgentId: 2, action: 'token.revoke', target: 'token:7', details: { label: 'ci' } });
    const second = await recordAudit(db, { actorAgentId: 2, action: 'outbound.raw_view', target: 'message:3', reason: 'customer says the mail looked wrong, ticket WD-1001', accountId: 42 });
    expect(first).toMatchObject({ id: 1, prev_hash: GENESIS_HASH });
    expect(second).toMatchObject({ id: 2, prev_hash: first.hash });
    expect(second.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 2 });
  });

  it.each([
    ['a changed reason', sql`update audit_log set reason = 'nothing to see' where id = 2`, 2, /changed/],
    ['a changed actor', sql`update audit_log set actor_agent_id = 99 where id = 3`, 3, /changed/],
    ['a deleted entry', sql`delete from audit_log where id = 2`, 3, /missing/],
    ['a rewritten entry with its hash recomputed by someone without the chain', sql`update audit_log set prev_hash = ${'f'.repeat(64)} where id = 2`, 2, /prev_hash/],
  ])('names the first broken entry after %s', async (_what, tamper, brokenId, problem) => {
    database = await createTestDatabase(dialect);
    const { db } = await open();
    for (let i = 1; i <= 4; i++) await recordAudit(db, { actorAgentId: 1, action: 'agent.password_reset', target: `agent:${i + 10}`, reason: `r${i}` });
    await tamper.execute(db);
    const verdict = await verifyAuditChain(db);
    expect(verdict).toMatchObject({ ok: false, brokenId });
    expect(verdict.ok === false && verdict.problem).toMatch(problem);
  });

  it('two processes appending at once never fork the chain', async () => {
    database = await createTestDatabase(dialect);
    const { db } = await open();
    const appendMany = (writer: number) =>
      new Promise<void>((resolve, reject) => {
        const script = [
          `import { openDatabase } from ${JSON.stringify(new URL('../db/connect.ts', import.meta.url).pathname)};`,
          `import { recordAudit } from ${JSON.stringify(new URL('./audit-log.ts', import.meta.url).pathname)};`,
          `const h = openDatabase(${JSON.stringify(database.url)});`,
          `for (let i = 0; i < 25; i++) await recordAudit(h.db, { actorAgentId: ${writer}, action: 'token.revoke', target: 'token:' + i });`,
          'await h.close();',
        ].join('\n');
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${writer} exited ${code}: ${stderr}`))));
      });
    await Promise.all([appendMany(1), appendMany(2)]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 50 });
  }, 60_000);

  it('filters by account, by agent (as actor or as target) and by action, newest first', async () => {
    database = await createTestDatabase(dialect);
    const { db } = await open();
    await recordAudit(db, { actorAgentId: 1, action: 'agent.totp_reset', target: 'agent:5' });
    await recordAudit(db, { actorAgentId: 5, action: 'outbound.raw_view', target: 'message:9', accountId: 42, reason: 'checking a bounce' });
    await recordAudit(db, { actorAgentId: 1, action: 'token.revoke', target: 'token:3' });
    const ids = async (filter: Parameters<typeof listAudit>[1]) => (await listAudit(db, filter)).map((e) => e.id);
    expect(await ids({ limit: 50 })).toEqual([3, 2, 1]);
    expect(await ids({ limit: 50, agentId: 5 })).toEqual([2, 1]);
    expect(await ids({ limit: 50, accountId: 42 })).toEqual([2]);
    expect(await ids({ limit: 50, action: 'token.revoke' })).toEqual([3]);
    expect(await ids({ limit: 50, beforeId: 3, agentId: 1 })).toEqual([1]);
  });
});
