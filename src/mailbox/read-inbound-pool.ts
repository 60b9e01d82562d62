import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MailboxSettings } from './mailbox-settings.ts';
import { readInbound, type InboundReading, type RawEnvelope } from './read-inbound.ts';
import type { ReadReply, ReadRequest } from './read-inbound-thread.ts';
import { resolverSpec } from './sender-auth/dns-resolver.ts';

/**
 * readInbound on other cores. Sender checks (DKIM hashing and signature verification), MIME parsing and triage
 * are most of the CPU a message costs and need nothing but the bytes, the envelope and DNS, so they run in
 * worker threads while the main thread answers SMTP and writes tickets. One pool serves the process (threads are
 * not per desk), and an idle thread does not keep the process alive.
 *
 * A resolver not made by createResolver cannot be rebuilt in a thread; then, and when a thread fails to start or
 * dies, the reading runs in this thread instead: the answer is the same, only slower.
 */
type Pending = { resolve: (reading: InboundReading) => void; reject: (err: Error) => void; inline: () => Promise<InboundReading> };

class ReadThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  broken = false;

  constructor() {
    // The sources are TypeScript run by tsx: a thread starts without the loader the main thread registered.
    const entry = new URL('./read-inbound-thread.ts', import.meta.url).href;
    this.worker = new Worker(
      `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`,
      { eval: true },
    );
    this.worker.on('message', (reply: ReadReply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if ('error' in reply) p?.reject(new Error(reply.error));
      else p?.resolve(reply.reading);
    });
    const fail = () => {
      this.broken = true;
      for (const p of this.pending.values()) p.inline().then(p.resolve, p.reject);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
    this.worker.unref();
  }

  get load(): number {
    return this.pending.size;
  }

  read(request: ReadRequest, inline: () => Promise<InboundReading>): Promise<InboundReading> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(request.id, { resolve, reject, inline });
      this.worker.postMessage(request);
    });
  }
}

const THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));
const threads: ReadThread[] = [];
let nextId = 1;

/**
 * Starts the pool's threads now rather than on the first message: a thread spends its first second loading the
 * parsers and triage rules, which the first mail of the day should not wait for. Threads that died are not
 * replaced; their work runs inline.
 */
export function startReadThreads(): void {
  while (threads.length < THREADS) threads.push(new ReadThread());
}

/** readInbound, run on the least busy worker thread when it can be. */
export function readInboundOffThread(raw: Buffer, envelope: RawEnvelope, settings: MailboxSettings): Promise<InboundReading> {
  const inline = () => readInbound(raw, envelope, settings);
  const dns = resolverSpec(settings.resolver);
  startReadThreads();
  const live = threads.filter((t) => !t.broken);
  if (!dns || live.length === 0) return inline();
  const thread = live.reduce((a, b) => (b.load < a.load ? b : a));
  const { id, source, remote_address, helo, mail_from } = envelope;
  const request: ReadRequest = {
    id: nextId++,
    raw,
    envelope: { id, source, remote_address, helo, mail_from },
    settings: { trustedAuthservIds: settings.trustedAuthservIds, attachmentLimits: settings.attachmentLimits, dns },
  };
  return thread.read(request, inline);
}
