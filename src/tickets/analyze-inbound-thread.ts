import { parentPort } from 'node:worker_threads';
import { analyzeInbound, type InboundAnalysis } from './analyze-inbound.ts';
import type { InboundMessage } from './inbound-message.ts';

/** A request from analyze-off-thread.ts, and its answer. */
export type AnalyzeRequest = { id: number; message: InboundMessage };
export type AnalyzeReply = { id: number; analysis: InboundAnalysis } | { id: number; error: string } | { ready: true };

parentPort?.on('message', ({ id, message }: AnalyzeRequest) => {
  try {
    parentPort?.postMessage({ id, analysis: analyzeInbound(message) } satisfies AnalyzeReply);
  } catch (err) {
    parentPort?.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies AnalyzeReply);
  }
});
parentPort?.postMessage({ ready: true } satisfies AnalyzeReply);
