import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MailboxSettings } from './mailbox-settings.ts';
import { readInbound, type InboundReading, type RawEnvelope } from './read-inbound.ts';
import type { ReadReply, ReadRequest, ThreadSignal } from './read-inbound-thread.ts';
import { resolverSpec } from './sender-auth/dns-resolver.ts';

/**
 * readInbound on other cores. Sender checks (DKIM hashing and signature verification), MIME parsing and triage
 * are most of the CPU a message costs and need nothing but the bytes, the envelope and DNS, so they run in
 * worker threads while the main thread answers SMTP and writes tickets. One pool serves the process (threads are
 * not per desk), and an idle thread does not keep the process alive.
 *
 * Each message has a time budget (MailboxSettings.readBudgetMs): a thread that has not come back to its event
 * loop for that long is stuck on the message it is reading, however that mail was made to take so long. The
 * thread is terminated and replaced, that message comes back as a quarantine naming the budget (kept, and
 * re-processable), and the other messages it held are read again on the new thread. The budget counts only time
 * the thread is busy, not time spent waiting for DNS, which has its own deadline.
 *
 * A resolver not made by createResolver cannot be rebuilt in a thread; then, and when threads cannot be started
 * at all, the reading runs in this thread instead: the answer is the same, only slower and without a budget.
 */
const DEFAULT_READ_BUDGET_MS = 10_000;

/** How often a busy thread says it is alive, and how often the pool looks; well under any sensible budget. */
const HEARTBEAT_MS = 20;
/** A thread that dies under a message twice gives that message up as a failure (the job retries, then quarantines). */
const MAX_THREAD_DEATHS = 2;

type Pending = {
  request: ReadRequest;
  budgetMs: number;
  deaths: number;
  resolve: (reading: InboundReading) => void;
  reject: (err: Error) => void;
  inline: () => Promise<InboundReading>;
};

class ReadThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  /** The request whose code the thread last said it entered: the one to blame when the thread stops answering. */
  private current: number | null = null;
  private ready = false;
  private lastHeard = 0;
  private lastCheck = 0;
  private watchdog: NodeJS.Timeout | null = null;
  broken = false;

  constructor(private readonly onGone: (thread: ReadThread, orphans: Pending[], how: 'stalled' | 'died' | 'never started') => void) {
    // The sources are TypeScript run by tsx: a thread starts without the loader the main thread registered.
    const entry = new URL('./read-inbound-thread.ts', import.meta.url).href;
    this.worker = new Worker(
      `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`,
      { eval: true, workerData: { heartbeatMs: HEARTBEAT_MS } },
    );
    this.worker.on('message', (msg: ThreadMessage) => {
      this.lastHeard = Date.now();
      if ('ready' in msg) {
        this.ready = true;
        return;
      }
      if ('beat' in msg) return;
      if ('entered' in msg) {
        this.current = msg.entered;
        return;
      }
      this.settle(msg);
    });
    const fail = () => this.retire(false);
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
    this.worker.unref();
  }

  get load(): number {
    return this.pending.size;
  }

  read(pending: Pending): void {
    if (this.pending.size === 0) {
      this.worker.ref();
      // A thread idle until now was not silent for any message: its budget starts with this one.
      this.lastHeard = Date.now();
      this.startWatchdog();
    }
    this.pending.set(pending.request.id, pending);
    this.worker.postMessage(pending.request);
  }

  private settle(reply: ReadReply): void {
    const p = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.current === reply.id) this.current = null;
    if (this.pending.size === 0) this.idle();
    if (!p) return;
    if ('error' in reply) p.reject(new Error(reply.error));
    else p.resolve(reply.reading);
  }

  private idle(): void {
    this.worker.unref();
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  private startWatchdog(): void {
    if (this.watchdog) return;
    this.lastCheck = Date.now();
    this.watchdog = setInterval(() => this.check(), HEARTBEAT_MS);
    this.watchdog.unref();
  }

  private check(): void {
    const now = Date.now();
    // When this thread was itself held up, timers run before the thread's queued heartbeats are taken in, so its
    // silence says nothing until the next look.
    const late = now - this.lastCheck > 5 * HEARTBEAT_MS;
    this.lastCheck = now;
    if (late) return;
    // Loading the parsers and rules takes a new thread a while; messages wait in its queue meanwhile.
    if (!this.ready) {
      this.lastHeard = now;
      return;
    }
    const blamed = this.pending.get(this.current ?? -1) ?? (this.pending.size === 1 ? [...this.pending.values()][0] : undefined);
    const budget = blamed?.budgetMs ?? Math.min(...[...this.pending.values()].map((p) => p.budgetMs));
    if (now - this.lastHeard <= budget) return;
    if (blamed) {
      this.pending.delete(blamed.request.id);
      blamed.resolve({ kind: 'quarantine', reason: `reading the message took longer than its ${blamed.budgetMs} ms budget (WALLETDESK_READ_BUDGET_MS)` });
    }
    this.retire(true);
  }

  /** Stops the thread for good; what it still held goes back to the pool. */
  private retire(stalled: boolean): void {
    if (this.broken) return;
    this.broken = true;
    this.idle();
    const orphans = [...this.pending.values()];
    this.pending.clear();
    if (stalled) this.worker.terminate().catch(() => {});
    this.onGone(this, orphans, stalled ? 'stalled' : this.ready ? 'died' : 'never started');
  }
}

type ThreadMessage = ReadReply | ThreadSignal;

const THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));
const threads: ReadThread[] = [];
let nextId = 1;
/** Set once a thread failed before it could start: threads cannot run here, so reading stays in this thread. */
let threadsUnavailable = false;

function replace(gone: ReadThread, orphans: Pending[], how: 'stalled' | 'died' | 'never started'): void {
  const at = threads.indexOf(gone);
  if (at >= 0) threads.splice(at, 1);
  if (how === 'never started') threadsUnavailable = true;
  for (const p of orphans) {
    if (how === 'never started') {
      p.inline().then(p.resolve, p.reject);
      continue;
    }
    // Read again on another thread: these only waited behind the message that stalled, or the thread died
    // under them (which, happening twice, says the message itself kills threads).
    if (how === 'died' && ++p.deaths >= MAX_THREAD_DEATHS) p.reject(new Error('the reading thread died twice while reading this message'));
    else dispatch(p);
  }
}

/**
 * Starts the pool's threads now rather than on the first message: a thread spends its first second loading the
 * parsers and triage rules, which the first mail of the day should not wait for. A thread that is terminated or
 * dies is replaced.
 */
export function startReadThreads(): void {
  while (!threadsUnavailable && threads.length < THREADS) threads.push(new ReadThread(replace));
}

function dispatch(p: Pending): void {
  startReadThreads();
  const live = threads.filter((t) => !t.broken);
  if (live.length === 0) {
    p.inline().then(p.resolve, p.reject);
    return;
  }
  live.reduce((a, b) => (b.load < a.load ? b : a)).read(p);
}

/** readInbound, run on the least busy worker thread when it can be, within the message's time budget. */
export function readInboundOffThread(raw: Buffer, envelope: RawEnvelope, settings: MailboxSettings): Promise<InboundReading> {
  const inline = () => readInbound(raw, envelope, settings);
  const dns = resolverSpec(settings.resolver);
  if (!dns) return inline();
  const { id, source, remote_address, helo, mail_from } = envelope;
  const request: ReadRequest = {
    id: nextId++,
    raw,
    envelope: { id, source, remote_address, helo, mail_from },
    settings: { trustedAuthservIds: settings.trustedAuthservIds, attachmentLimits: settings.attachmentLimits, dns },
  };
  return new Promise((resolve, reject) => {
    dispatch({ request, budgetMs: settings.readBudgetMs ?? DEFAULT_READ_BUDGET_MS, deaths: 0, resolve, reject, inline });
  });
}
