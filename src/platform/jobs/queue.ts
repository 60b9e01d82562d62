import { EventEmitter } from 'node:events';
import type { Db } from '../db/connect.ts';

export type EnqueueOptions = { runAt?: number };

/** Local wake-up: a job enqueued in this process starts at once instead of waiting for the next poll. */
export const jobSignals = new EventEmitter();
jobSignals.setMaxListeners(0);

/**
 * Adds a job. Pass the transaction that writes the job's subject, so the job exists exactly when its data does.
 */
export async function enqueueJob(
  db: Db,
  kind: string,
  payload: unknown,
  opts: EnqueueOptions = {},
): Promise<number> {
  const now = Date.now();
  const row = await db
    .insertInto('jobs')
    .values({
      kind,
      payload: JSON.stringify(payload),
      status: 'queued',
      run_at: opts.runAt ?? now,
      attempts: 0,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  setImmediate(() => jobSignals.emit('enqueued'));
  return row.id;
}
