import { Worker } from 'node:worker_threads';
import { analyzeInbound, type InboundAnalysis } from './analyze-inbound.ts';
import type { AnalyzeReply, AnalyzeRequest } from './analyze-inbound-thread.ts';
import type { InboundMessage } from './inbound-message.ts';

/**
 * analyzeInbound on a worker thread, for the channels that bring a message straight to the intake from an HTTP
 * request (the contact form, status-page replies, the security center): the main thread answers every request
 * and health check, so it must not spend a stranger's text on triage. The mail channel reads its words on its
 * own reading threads already. The analysis is capped and linear, so while the thread is loading, or when it
 * cannot run (it failed to start or died), it runs here instead, at a bounded cost; an idle thread does not keep
 * the process alive.
 */
type Pending = { message: InboundMessage; resolve: (analysis: InboundAnalysis) => void; reject: (err: Error) => void };

let worker: Worker | null = null;
/** Loading the rules takes a new thread a second or more; until it is ready, messages are read here. */
let ready = false;
let unavailable = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function inline(p: Pending): void {
  try {
    p.resolve(analyzeInbound(p.message));
  } catch (err) {
    p.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

function thread(): Worker | null {
  if (worker || unavailable) return worker;
  // The sources are TypeScript run by tsx: a thread starts without the loader the main thread registered.
  const entry = new URL('./analyze-inbound-thread.ts', import.meta.url).href;
  const started = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
  started.on('message', (reply: AnalyzeReply) => {
    if ('ready' in reply) {
      ready = true;
      return;
    }
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) started.unref();
    if (!p) return;
    if ('error' in reply) p.reject(new Error(reply.error));
    else p.resolve(reply.analysis);
  });
  const gone = () => {
    if (worker !== started) return;
    worker = null;
    ready = false;
    unavailable = true;
    const orphans = [...pending.values()];
    pending.clear();
    for (const p of orphans) inline(p);
  };
  started.on('error', gone);
  started.on('exit', gone);
  started.unref();
  worker = started;
  return worker;
}

/** Starts the analysis thread now, so it has loaded before the first visitor writes. */
export function startAnalysisThread(): void {
  thread();
}

/** analyzeInbound(message), computed on the analysis thread. */
export function analyzeInboundOffThread(message: InboundMessage): Promise<InboundAnalysis> {
  return new Promise((resolve, reject) => {
    const p: Pending = { message, resolve, reject };
    const w = thread();
    if (!w || !ready) return inline(p);
    const id = nextId++;
    if (pending.size === 0) w.ref();
    pending.set(id, p);
    w.postMessage({ id, message } satisfies AnalyzeRequest);
  });
}
