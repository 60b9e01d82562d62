import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { AuditLogTable, Database } from '../db/schema.ts';
import { takeSerialAppendLock } from '../db/serial-append-lock.ts';

/** What the first entry points back to: no entry before it. */
export const GENESIS_HASH = '0'.repeat(64);
// Any fixed number: it names the audit log's append lock among the desk's advisory locks.
const AUDIT_LOCK_KEY = 0x7764_6175_6469_74n;

export type AuditInput = {
  actorAgentId: number | null;
  /** Dotted verb, e.g. `token.revoke`, `agent.password_reset`, `outbound.raw_view`. */
  action: string;
  /** `kind:id`, e.g. `agent:4`, `token:9`, `message:120`. */
  target: string;
  accountId?: number | null;
  reason?: string | null;
  details?: Record<string, unknown>;
};

export type AuditEntry = Selectable<AuditLogTable>;

/**
 * The hash of an entry: SHA-256 over the previous entry's hash and every stored field of this one, in a fixed
 * order (a JSON array, so no field can bleed into the next). Changing, removing or reordering any entry breaks it
 * or the link from the entry after it.
 */
export function auditHash(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([
    entry.id,
    entry.at,
    entry.actor_agent_id,
    entry.action,
    entry.target,
    entry.account_id,
    entry.reason,
    entry.details_json,
  ]);
  return createHash('sha256').update(`${entry.prev_hash}\n${canonical}`).digest('hex');
}

/**
 * Appends an entry after the last one. Inside the caller's transaction when given one, so the action and its
 * entry commit together; the append lock makes concurrent writers (other processes on one PostgreSQL too) queue,
 * and the unique prev_hash would refuse a fork even without it.
 */
export async function recordAudit(db: Kysely<Database>, input: AuditInput, now = Date.now()): Promise<AuditEntry> {
  if (!db.isTransaction) return db.transaction().execute((trx) => recordAudit(trx, input, now));
  await takeSerialAppendLock(db, AUDIT_LOCK_KEY, 'audit_log');
  const last = await db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const entry = {
    id: (last ? Number(last.id) : 0) + 1,
    at: now,
    actor_agent_id: input.actorAgentId,
    action: input.action,
    target: input.target,
    account_id: input.accountId ?? null,
    reason: input.reason ?? null,
    details_json: JSON.stringify(input.details ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const stored = { ...entry, hash: auditHash(entry) };
  await db.insertInto('audit_log').values(stored).execute();
  return stored;
}

export type AuditFilter = { accountId?: number; agentId?: number; action?: string; beforeId?: number; limit: number };

/** Newest first. `agentId` finds what an agent did and what was done to them. */
export async function listAudit(db: Db, filter: AuditFilter): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.accountId !== undefined) q = q.where('account_id', '=', filter.accountId);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.agentId !== undefined) {
    const agentId = filter.agentId;
    q = q.where((eb) => eb.or([eb('actor_agent_id', '=', agentId), eb('target', '=', `agent:${agentId}`)]));
  }
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  return (await q.execute()).map(normalise);
}

// PostgreSQL returns bigint columns as strings; the hash is over numbers.
function normalise(row: AuditEntry): AuditEntry {
  return {
    ...row,
    id: Number(row.id),
    at: Number(row.at),
    actor_agent_id: row.actor_agent_id === null ? null : Number(row.actor_agent_id),
    account_id: row.account_id === null ? null : Number(row.account_id),
  };
}

export type AuditVerdict = { ok: true; entries: number } | { ok: false; entries: number; brokenId: number; problem: string };

/**
 * Walks the chain from the first entry: each must follow the one before it (ids without gaps, prev_hash equal to
 * its hash) and hash to what it stores. Reports the first entry that does not. Read in pages, so memory stays flat.
 */
export async function verifyAuditChain(db: Db, pageSize = 1000): Promise<AuditVerdict> {
  let prev: { id: number; hash: string } = { id: 0, hash: GENESIS_HASH };
  let entries = 0;
  for (;;) {
    const page = (await db.selectFrom('audit_log').selectAll().where('id', '>', prev.id).orderBy('id').limit(pageSize).execute()).map(normalise);
    for (const row of page) {
      if (row.id !== prev.id + 1) return { ok: false, entries, brokenId: row.id, problem: `entries ${prev.id + 1} to ${row.id - 1} before it are missing` };
      if (row.prev_hash !== prev.hash) return { ok: false, entries, brokenId: row.id, problem: 'its prev_hash is not the hash of the entry before it' };
      if (auditHash(row) !== row.hash) return { ok: false, entries, brokenId: row.id, problem: 'its contents were changed after it was written (hash mismatch)' };
      prev = { id: row.id, hash: row.hash };
      entries++;
    }
    if (page.length < pageSize) return { ok: true, entries };
  }
}
