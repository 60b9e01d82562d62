import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { recomputableTransaction, type Db, type Dialect } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { claimJobs, type ClaimedJob } from './claim-jobs.ts';
import { jobSignals } from './queue.ts';

export type JobContext = {
  job: ClaimedJob;
  log: Logger;
  /**
   * Marks the job done inside the handler's own transaction, so its result and its completion commit together
   * (one commit instead of two, and no window where the result exists but the job still looks unfinished).
   * Throws LeaseLostError, rolling the transaction back, when the claim has passed to another worker.
   */
  completeWithin: (trx: Db) => Promise<void>;
};

type Handler = { schema: z.ZodType; run: (payload: unknown, ctx: JobContext) => Promise<void> };

/** Thrown by a handler for a failure that retrying cannot fix: the job fails at once. */
export class PermanentJobError extends Error {}

/** The job's lease ran out and another worker holds it now: this worker's result must not be kept. */
export class LeaseLostError extends Error {}

export type WorkerOptions = {
  concurrency: number;
  pollMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  /**
   * How long a claim holds without a heartbeat. A running job renews it every third of the lease, so a long job
   * keeps its claim while a job of a killed process is taken over soon after the lease runs out.
   */
  leaseMs: number;
};

export class JobWorker {
  readonly id = `worker-${randomUUID()}`;
  private readonly handlers = new Map<string, Handler>();
  private readonly giveUpHandlers = new Map<string, (payload: unknown, error: Error) => Promise<void>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly onSignal = () => this.wake?.();
  private readonly inFlight = new Set<Promise<void>>();
  private pendingDone: { ids: number[]; flushed: Promise<void> } | undefined;
  private readonly releases: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly log: Logger,
    private readonly opts: WorkerOptions,
  ) {}

  register<S extends z.ZodType>(
    kind: string,
    schema: S,
    run: (payload: z.infer<S>, ctx: JobContext) => Promise<void>,
    onGiveUp?: (payload: z.infer<S>, error: Error) => Promise<void>,
  ): void {
    this.handlers.set(kind, { schema, run: run as Handler['run'] });
    if (onGiveUp) this.giveUpHandlers.set(kind, onGiveUp as (payload: unknown, error: Error) => Promise<void>);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    jobSignals.on('enqueued', this.onSignal);
    this.loop = this.run();
  }

  /** Runs `release` once stop() has seen the last job finish: for what handlers share, such as a pooled relay. */
  onStop(release: () => void): void {
    this.releases.push(release);
  }

  /** Stops claiming and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.running = false;
    jobSignals.off('enqueued', this.onSignal);
    this.wake?.();
    await this.loop;
    for (const release of this.releases.splice(0)) release();
  }

  /** Runs due jobs until none is left; for tests and the CLI's one-shot use. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const jobs = await claimJobs(this.db, this.dialect, this.id, this.opts.concurrency, this.opts.leaseMs);
      if (jobs.length === 0) return total;
      await Promise.all(jobs.map((job) => this.execute(job)));
      total += jobs.length;
    }
  }

  /**
   * Keeps up to `concurrency` jobs running: a slot that frees is refilled at once rather than after the slowest
   * job of a claimed batch. Claims are still taken several at a time (half the slots, or whatever is free when
   * nothing runs), because each claim is a statement that scans the queue and a commit.
   */
  private async run(): Promise<void> {
    const refillAt = Math.max(1, Math.ceil(this.opts.concurrency / 2));
    while (this.running) {
      const free = this.opts.concurrency - this.inFlight.size;
      if (free < refillAt && this.inFlight.size > 0) {
        await this.sleep(this.opts.pollMs);
        continue;
      }
      let jobs: ClaimedJob[] = [];
      try {
        jobs = await claimJobs(this.db, this.dialect, this.id, free, this.opts.leaseMs);
      } catch (err) {
        this.log.error({ err }, 'job poll failed');
      }
      for (const job of jobs) {
        const done: Promise<void> = this.execute(job).finally(() => {
          this.inFlight.delete(done);
          this.wake?.();
        });
        this.inFlight.add(done);
      }
      // A full claim means more may be due: claim again as soon as slots free, without waiting for a poll.
      if (jobs.length < free && this.running) await this.sleep(this.opts.pollMs);
    }
    await Promise.all(this.inFlight);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const log = this.log.child({ job_id: job.id, job_kind: job.kind, attempt: job.attempts });
    const handler = this.handlers.get(job.kind);
    const heartbeat = setInterval(() => {
      this.renewLease(job).catch((err: unknown) => log.warn({ err }, 'job lease renewal failed'));
    }, Math.max(10, Math.floor(this.opts.leaseMs / 3)));
    let completedWithin = false;
    const completeWithin = async (trx: Db) => {
      const result = await trx
        .updateTable('jobs')
        .set({ status: 'done', finished_at: Date.now(), last_error: null, locked_by: null, locked_until: null })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new LeaseLostError(`job ${job.id} is no longer leased to this worker`);
      completedWithin = true;
    };
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      const payload = handler.schema.safeParse(JSON.parse(job.payload));
      if (!payload.success) throw new PermanentJobError(`bad payload: ${payload.error.message}`);
      await handler.run(payload.data, { job, log, completeWithin });
      if (!completedWithin) await this.finishDone(job);
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      if (error instanceof LeaseLostError) {
        // Someone else runs it now; settling it here would overwrite their outcome.
        log.warn({ err: error }, 'job lease lost, result discarded');
        return;
      }
      const lastTry = error instanceof PermanentJobError || job.attempts >= this.opts.maxAttempts;
      if (lastTry) {
        log.error({ err: error }, 'job failed for good');
        await this.finish(job, { status: 'failed', finished_at: Date.now(), last_error: error.message });
        await this.giveUp(job, error, log);
      } else {
        const delay = this.opts.retryBaseMs * 2 ** (job.attempts - 1);
        log.warn({ err: error, retry_in_ms: delay }, 'job failed, will retry');
        await this.finish(job, { status: 'queued', run_at: Date.now() + delay, last_error: error.message });
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async renewLease(job: ClaimedJob): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ locked_until: Date.now() + this.opts.leaseMs })
      .where('id', '=', job.id)
      .where('locked_by', '=', this.id)
      .where('status', '=', 'running')
      .execute();
  }

  private async giveUp(job: ClaimedJob, error: Error, log: Logger): Promise<void> {
    const onGiveUp = this.giveUpHandlers.get(job.kind);
    if (!onGiveUp) return;
    try {
      await onGiveUp(JSON.parse(job.payload), error);
    } catch (err) {
      log.error({ err }, 'recording a failed job failed');
    }
  }

  /**
   * Successful jobs that finish in the same turn of the event loop are settled by one statement (one commit
   * instead of one each). Each row is still fenced by this worker's lease.
   *
   * The commit does not wait for the disk: losing it to a power cut is the same as this process dying just
   * before it, which every handler already survives (the job runs again and finds its own work done).
   */
  private finishDone(job: ClaimedJob): Promise<void> {
    if (!this.pendingDone) {
      const batch: { ids: number[]; flushed: Promise<void> } = { ids: [], flushed: Promise.resolve() };
      batch.flushed = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        this.pendingDone = undefined;
        await recomputableTransaction(this.db, (trx) =>
          trx
            .updateTable('jobs')
            .set({ status: 'done', finished_at: Date.now(), last_error: null, locked_by: null, locked_until: null })
            .where('id', 'in', batch.ids)
            .where('locked_by', '=', this.id)
            .execute(),
        );
      });
      this.pendingDone = batch;
    }
    this.pendingDone.ids.push(job.id);
    return this.pendingDone.flushed;
  }

  /** Only the lease holder may settle a job: one whose lease ran out may already be someone else's. */
  private async finish(
    job: ClaimedJob,
    set: { status: 'failed' | 'queued'; finished_at?: number; run_at?: number; last_error: string | null },
  ): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ ...set, locked_by: null, locked_until: null })
      .where('id', '=', job.id)
      .where('locked_by', '=', this.id)
      .execute();
  }
}
