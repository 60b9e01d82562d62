import { sql } from 'kysely';
import type { Db } from '../platform/db/connect.ts';

/**
 * Totals of list views, remembered while the tickets table is unchanged. Counting a big view (25,000 open tickets)
 * walks that many index entries on every request; the list's pages and cursors do not change the total, so a
 * console polling its queues would otherwise count the same rows hundreds of times a second.
 *
 * "Unchanged" is read from the database, not from this process, so writes by other walletdesk processes (mail
 * intake in a worker, another web process on the same PostgreSQL) are seen too: every ticket write either adds
 * a ticket (max id grows) or stamps updated_at with the current time (max updated_at grows). Both maxima are one
 * index probe each. A short lifetime bounds any staleness a same-millisecond write could cause.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;

type Entry = { version: string; total: number; at: number };
const caches = new WeakMap<Db, Map<string, Entry>>();

async function tableVersion(db: Db): Promise<string> {
  const row = await sql<{ max_id: number | null; max_updated: number | null }>`
    select (select max(id) from tickets) as max_id, (select max(updated_at) from tickets) as max_updated`.execute(db);
  const r = row.rows[0];
  return `${r?.max_id ?? 0}:${r?.max_updated ?? 0}`;
}

/** The total for `key` (the view's filters), counted by `count` only when the tickets changed since last time. */
export async function cachedTotal(db: Db, key: string, count: () => Promise<number>): Promise<number> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const version = await tableVersion(db);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.version === version && now - hit.at < TTL_MS) return hit.total;
  const total = await count();
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, { version, total, at: now });
  return total;
}
