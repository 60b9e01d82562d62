import { EventEmitter } from 'node:events';
import type { Db } from '../db/connect.ts';

/**
 * Among due jobs the higher priority runs first. Levels rather than a scale: what a person is waiting on right now
 * (a sign-in code) is urgent; work that can trail a burst without anyone noticing (an automatic answer) is
 * deferrable; everything else is normal.
 */
export const JOB_PRIORITY = { urgent: 2, normal: 1, deferrable: 0 } as const;
export type JobPriority = keyof typeof JOB_PRIORITY;

export type EnqueueOptions = { runAt?: number; priority?: JobPriority };

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
      priority: JOB_PRIORITY[opts.priority ?? 'normal'],
      attempts: 0,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  setImmediate(() => jobSignals.emit('enqueued'));
  return row.id;
}
