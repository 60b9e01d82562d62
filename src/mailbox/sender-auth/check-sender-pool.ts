import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkSender, type CheckSenderInput, type SenderAuth } from './check-sender.ts';
import type { CheckRequest } from './check-sender-thread.ts';
import { resolverSpec } from './dns-resolver.ts';

/**
 * Sender checks on other cores. DKIM body hashing, signature verification and mailauth's parsing are the
 * costliest step of taking in a message, and they are pure given the raw bytes and DNS answers, so they run in
 * worker threads while the main thread keeps answering SMTP and writing tickets. One pool serves the process
 * (threads are not per desk); its threads do not keep the process alive.
 *
 * A resolver not made by createResolver cannot be rebuilt in a thread, and a thread that fails to start or dies
 * leaves its callers to the same check in this thread: the answer is the same, only slower.
 */
type Pending = { resolve: (auth: SenderAuth) => void; raw: Buffer; input: CheckSenderInput };

class CheckThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  broken = false;

  constructor() {
    // The sources are TypeScript run by tsx: a thread starts without the loader the main thread registered.
    const entry = new URL('./check-sender-thread.ts', import.meta.url).href;
    this.worker = new Worker(
      `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`,
      { eval: true },
    );
    this.worker.on('message', ({ id, auth }: { id: number; auth: SenderAuth }) => {
      this.pending.get(id)?.resolve(auth);
      this.pending.delete(id);
      if (this.pending.size === 0) this.worker.unref();
    });
    const fail = () => {
      this.broken = true;
      for (const p of this.pending.values()) void checkSender(p.raw, p.input).then(p.resolve);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
    // An idle thread does not keep the process alive; one with checks in hand does (see check).
    this.worker.unref();
  }

  get load(): number {
    return this.pending.size;
  }

  check(id: number, raw: Buffer, input: CheckSenderInput, request: CheckRequest): Promise<SenderAuth> {
    return new Promise((resolve) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, raw, input });
      this.worker.postMessage(request);
    });
  }
}

const THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));
const threads: CheckThread[] = [];
let nextId = 1;

/** checkSender, run on the least busy worker thread when it can be. */
export function checkSenderOffThread(raw: Buffer, input: CheckSenderInput): Promise<SenderAuth> {
  const dns = resolverSpec(input.resolver);
  const live = threads.filter((t) => !t.broken);
  if (!dns || (live.length === 0 && threads.length >= THREADS)) return checkSender(raw, input);
  if (live.length < THREADS && threads.length < THREADS) {
    const started = new CheckThread();
    threads.push(started);
    live.push(started);
  }
  const thread = live.reduce((a, b) => (b.load < a.load ? b : a));
  const { resolver: _resolver, ...plain } = input;
  const id = nextId++;
  return thread.check(id, raw, input, { id, raw, input: plain, dns });
}
