import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Db, Dialect } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { claimJobs, type ClaimedJob } from './claim-jobs.ts';
import { jobSignals } from './queue.ts';

export type JobContext = { job: ClaimedJob; log: Logger };

type Handler = { schema: z.ZodType; run: (payload: unknown, ctx: JobContext) => Promise<void> };

/** Thrown by a handler for a failure that retrying cannot fix: the job fails at once. */
export class PermanentJobError extends Error {}

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

  /** Stops claiming and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.running = false;
    jobSignals.off('enqueued', this.onSignal);
    this.wake?.();
    await this.loop;
  }

  /** Runs due jobs until none is left; for tests and the CLI's one-shot use. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.tick();
      if (n === 0) return total;
      total += n;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.tick();
      } catch (err) {
        this.log.error({ err }, 'job poll failed');
      }
      if (claimed === 0 && this.running) await this.sleep(this.opts.pollMs);
    }
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

  private async tick(): Promise<number> {
    const jobs = await claimJobs(this.db, this.dialect, this.id, this.opts.concurrency, this.opts.leaseMs);
    await Promise.all(jobs.map((job) => this.execute(job)));
    return jobs.length;
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const log = this.log.child({ job_id: job.id, job_kind: job.kind, attempt: job.attempts });
    const handler = this.handlers.get(job.kind);
    const heartbeat = setInterval(() => {
      this.renewLease(job).catch((err: unknown) => log.warn({ err }, 'job lease renewal failed'));
    }, Math.max(10, Math.floor(this.opts.leaseMs / 3)));
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      const payload = handler.schema.safeParse(JSON.parse(job.payload));
      if (!payload.success) throw new PermanentJobError(`bad payload: ${payload.error.message}`);
      await handler.run(payload.data, { job, log });
      await this.finish(job, { status: 'done', finished_at: Date.now(), last_error: null });
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
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

  /** Only the lease holder may settle a job: one whose lease ran out may already be someone else's. */
  private async finish(
    job: ClaimedJob,
    set: { status: 'done' | 'failed' | 'queued'; finished_at?: number; run_at?: number; last_error: string | null },
  ): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ ...set, locked_by: null, locked_until: null })
      .where('id', '=', job.id)
      .where('locked_by', '=', this.id)
      .execute();
  }
}
