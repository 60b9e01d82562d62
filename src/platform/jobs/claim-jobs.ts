import { sql } from 'kysely';
import { recomputableTransaction, type Db, type Dialect } from '../db/connect.ts';
import type { JobTable } from '../db/schema.ts';
import type { Selectable } from 'kysely';

export type ClaimedJob = Selectable<JobTable>;

/**
 * Takes up to `limit` due jobs for one worker in a single statement, the highest priority first, then the oldest. A running job whose lease ran out (its
 * process died) is due again, so nothing is lost; the lease holder's id fences late completions.
 * PostgreSQL: SKIP LOCKED lets many processes claim side by side without taking the same row.
 * SQLite: the statement runs under the database's single write lock, which gives the same guarantee.
 *
 * A claim need not wait for the disk: lost to a power cut, it leaves the job due again, as if never claimed. A
 * handler that acts outside the desk (sends mail) makes what it acts on durable first (durableTransaction).
 */
export async function claimJobs(
  db: Db,
  dialect: Dialect,
  workerId: string,
  limit: number,
  leaseMs: number,
): Promise<ClaimedJob[]> {
  const now = Date.now();
  const due = db
    .selectFrom('jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
      ]),
    )
    .orderBy('priority', 'desc')
    .orderBy('run_at')
    .orderBy('id')
    .limit(limit);
  const lockedDue = dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
  return recomputableTransaction(db, (trx) =>
    trx
      .updateTable('jobs')
      .set({
        status: 'running',
        locked_by: workerId,
        locked_until: now + leaseMs,
        attempts: sql<number>`attempts + 1`,
      })
      .where('id', 'in', lockedDue)
      .returningAll()
      .execute(),
  );
}
