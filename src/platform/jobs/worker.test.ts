import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type DbHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database.ts';
import { claimJobs } from './claim-jobs.ts';
import { enqueueJob } from './queue.ts';
import { JobWorker, PermanentJobError } from './worker.ts';

const log = createLogger('silent');
const payload = z.object({ n: z.number() });

describe.each(testDialects())('durable jobs (%s)', (dialect) => {
  let database: TestDatabase;
  let handle: DbHandle;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    handle = openDatabase(database.url);
    await migrateToLatest(handle.db, handle.dialect);
  });
  afterEach(async () => {
    await handle.close();
    await database.drop();
  });

  function worker(opts: Partial<ConstructorParameters<typeof JobWorker>[3]> = {}) {
    return new JobWorker(handle.db, handle.dialect, log, { concurrency: 4, pollMs: 10, retryBaseMs: 20, maxAttempts: 3, leaseMs: 60_000, ...opts });
  }

  it('claims each due job for one worker only, however many claim at once', async () => {
    for (let n = 0; n < 60; n++) await enqueueJob(handle.db, 'count', { n });
    const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => claimJobs(handle.db, handle.dialect, `w${i}`, 15, 60_000)));
    const ids = claims.flat().map((j) => j.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
  });

  it('claims the highest priority first, and the oldest first within a priority', async () => {
    const ack = await enqueueJob(handle.db, 'ack', { n: 1 }, { priority: 'deferrable' });
    const mail1 = await enqueueJob(handle.db, 'mail', { n: 2 });
    const code = await enqueueJob(handle.db, 'code', { n: 3 }, { priority: 'urgent' });
    const mail2 = await enqueueJob(handle.db, 'mail', { n: 4 }, { priority: 'normal' });
    const order: number[] = [];
    for (;;) {
      const [job] = await claimJobs(handle.db, handle.dialect, 'w', 1, 60_000);
      if (!job) break;
      order.push(job.id);
    }
    expect(order).toEqual([code, mail1, mail2, ack]);
  });

  it('does not claim a job before its time', async () => {
    await enqueueJob(handle.db, 'later', { n: 1 }, { runAt: Date.now() + 60_000 });
    expect(await claimJobs(handle.db, handle.dialect, 'w', 10, 60_000)).toHaveLength(0);
  });

  it('a job whose lease ran out (its worker died) is claimed again by another worker', async () => {
    await enqueueJob(handle.db, 'count', { n: 1 });
    const [first] = await claimJobs(handle.db, handle.dialect, 'dead', 10, 1);
    expect(first).toBeDefined();
    await new Promise((r) => setTimeout(r, 10));
    expect(await claimJobs(handle.db, handle.dialect, 'other', 10, 60_000)).toHaveLength(1);
    const row = await handle.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'running', locked_by: 'other', attempts: 2 });
  });

  it('runs jobs, retries a failing one with backoff, and gives up after the last attempt', async () => {
    const ran: number[] = [];
    const failures: string[] = [];
    const w = worker();
    w.register('count', payload, async ({ n }) => {
      ran.push(n);
      if (n === 2) throw new Error('flaky');
    }, async ({ n }, err) => {
      failures.push(`${n}:${err.message}`);
    });
    await enqueueJob(handle.db, 'count', { n: 1 });
    await enqueueJob(handle.db, 'count', { n: 2 });
    w.start();
    const deadline = Date.now() + 10_000;
    while (failures.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await w.stop();
    expect(ran.filter((n) => n === 1)).toHaveLength(1);
    expect(ran.filter((n) => n === 2)).toHaveLength(3);
    expect(failures).toEqual(['2:flaky']);
    const rows = await handle.db.selectFrom('jobs').select(['status', 'attempts', 'last_error']).orderBy('id').execute();
    expect(rows).toEqual([
      { status: 'done', attempts: 1, last_error: null },
      { status: 'failed', attempts: 3, last_error: 'flaky' },
    ]);
  });

  it('a permanent error, an unknown kind or a bad payload fails at once', async () => {
    const w = worker();
    w.register('count', payload, async () => {
      throw new PermanentJobError('no point retrying');
    });
    await enqueueJob(handle.db, 'count', { n: 1 });
    await enqueueJob(handle.db, 'count', { n: 'not a number' });
    await enqueueJob(handle.db, 'unknown-kind', {});
    await w.drain();
    const rows = await handle.db.selectFrom('jobs').select(['status', 'attempts', 'last_error']).orderBy('id').execute();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([['failed', 1], ['failed', 1], ['failed', 1]]);
    expect(rows[0]?.last_error).toBe('no point retrying');
    expect(rows[1]?.last_error).toMatch(/bad payload/);
    expect(rows[2]?.last_error).toMatch(/no handler for job kind unknown-kind/);
  });

  it('a running job renews its lease, so a long job is not taken over by another worker', async () => {
    const w = worker({ leaseMs: 150 });
    let runs = 0;
    w.register('slow', payload, async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 600));
    });
    await enqueueJob(handle.db, 'slow', { n: 1 });
    w.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(await claimJobs(handle.db, handle.dialect, 'thief', 10, 60_000)).toHaveLength(0);
    await w.stop();
    expect(runs).toBe(1);
    const row = await handle.db.selectFrom('jobs').select(['status', 'attempts']).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'done', attempts: 1 });
  });

  it('a slow job holds only its own slot: the others are refilled and run meanwhile', async () => {
    const w = worker({ concurrency: 2 });
    const done: number[] = [];
    w.register('count', payload, async ({ n }) => {
      if (n === 0) await new Promise((r) => setTimeout(r, 1_500));
      done.push(n);
    });
    for (let n = 0; n < 6; n++) await enqueueJob(handle.db, 'count', { n });
    w.start();
    const deadline = Date.now() + 1_200;
    while (done.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // With whole-batch claiming, jobs 2..5 would wait for job 0's 1.5 s.
    expect(done).toEqual([1, 2, 3, 4, 5]);
    await w.stop();
    expect(done).toEqual([1, 2, 3, 4, 5, 0]);
  });

  it('a job completed inside its own transaction commits with it, and a lost lease rolls both back', async () => {
    const w = worker();
    w.register('count', payload, async ({ n }, ctx) => {
      // The second job's lease runs out and another worker takes it over before this one completes it.
      if (n === 2) await handle.db.updateTable('jobs').set({ locked_by: 'thief' }).where('id', '=', ctx.job.id).execute();
      await handle.db.transaction().execute(async (trx) => {
        await trx.insertInto('jobs').values({ kind: 'marker', payload: JSON.stringify({ n }), status: 'done', run_at: 0, attempts: 0, created_at: 0 }).execute();
        await ctx.completeWithin(trx);
      });
    });
    await enqueueJob(handle.db, 'count', { n: 1 });
    await enqueueJob(handle.db, 'count', { n: 2 });
    await w.drain();
    const rows = await handle.db.selectFrom('jobs').select(['kind', 'status', 'locked_by', 'payload']).orderBy('id').execute();
    expect(rows).toEqual([
      { kind: 'count', status: 'done', locked_by: null, payload: '{"n":1}' },
      { kind: 'count', status: 'running', locked_by: 'thief', payload: '{"n":2}' },
      { kind: 'marker', status: 'done', locked_by: null, payload: '{"n":1}' },
    ]);
  });

  it('stop() waits for the job in hand to finish', async () => {
    let finished = false;
    const w = worker();
    w.register('slow', payload, async () => {
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    });
    await enqueueJob(handle.db, 'slow', { n: 1 });
    w.start();
    await new Promise((r) => setTimeout(r, 100));
    await w.stop();
    expect(finished).toBe(true);
    const row = await handle.db.selectFrom('jobs').select('status').executeTakeFirstOrThrow();
    expect(row.status).toBe('done');
  });
});
