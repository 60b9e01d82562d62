import { parentPort, workerData } from 'node:worker_threads';
import type { MailboxSettings } from './mailbox-settings.ts';
import { readInbound, type InboundReading, type RawEnvelope } from './read-inbound.ts';
import { createResolver, type Resolver, type ResolverSpec } from './sender-auth/dns-resolver.ts';

/** A request from read-inbound-pool.ts: the resolver travels as its description, functions cannot. */
export type ReadRequest = {
  id: number;
  raw: Uint8Array;
  envelope: RawEnvelope;
  settings: Omit<MailboxSettings, 'resolver'> & { dns: ResolverSpec };
};
export type ReadReply = { id: number; reading: InboundReading } | { id: number; error: string };
/**
 * What the thread tells the pool besides replies, so the pool can hold each message to its time budget: that it
 * has loaded, that its event loop still turns, and which message's code it is entering (the one to blame if it
 * then stops answering).
 */
export type ThreadSignal = { ready: true } | { beat: true } | { entered: number };
const signal = (s: ThreadSignal) => parentPort?.postMessage(s);

// One resolver (and so one answer cache) per distinct configuration, as in the main thread.
const resolvers = new Map<string, Resolver>();
function resolverFor(spec: ResolverSpec): Resolver {
  const key = JSON.stringify(spec);
  let resolver = resolvers.get(key);
  if (!resolver) resolvers.set(key, (resolver = createResolver(spec.servers, spec.options)));
  return resolver;
}

/**
 * Two small mails read as the thread starts, so the first customers of the day do not pay for compiling the
 * parser's, the sender checks' and triage's code and regular expressions. Nothing leaves the thread: the
 * resolver answers every lookup with "no such name".
 */
const WARM_UP = [
  'From: Customer <c@example.com>\r\nTo: support@example.com\r\nSubject: Withdrawal pending\r\nMessage-ID: <w1@example.com>\r\n' +
    'Content-Type: text/html; charset=utf-8\r\n\r\n<p>My USDT withdrawal on TRC20 has been pending since yesterday, tx 0x' +
    'ab'.repeat(32) + '. Please help.</p>\r\n',
  'From: =?UTF-8?B?5a6i5oi3?= <k@example.cn>\r\nTo: support@example.com\r\nSubject: =?UTF-8?B?6LSm5oi36KKr55uX?=\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
    Buffer.from('我的账户被盗了，资产被转走，请尽快冻结。').toString('base64') + '\r\n',
];
const noSuchName: Resolver = () => Promise.reject(Object.assign(new Error('warm-up: no DNS'), { code: 'ENOTFOUND' }));
for (const mail of WARM_UP) {
  const envelope: RawEnvelope = { id: 0, source: 'smtp', remote_address: '127.0.0.1', helo: 'localhost', mail_from: 'c@example.com' };
  await readInbound(Buffer.from(mail), envelope, { resolver: noSuchName, trustedAuthservIds: [] }).catch(() => {});
}

let inFlight = 0;
// A timer only fires when the event loop turns, so a beat proves the thread is not stuck in one message.
const heartbeat = setInterval(() => {
  if (inFlight > 0) signal({ beat: true });
}, (workerData as { heartbeatMs?: number } | null)?.heartbeatMs ?? 20);
heartbeat.unref();

parentPort?.on('message', (req: ReadRequest) => {
  const raw = Buffer.from(req.raw.buffer, req.raw.byteOffset, req.raw.byteLength);
  const { dns, ...settings } = req.settings;
  inFlight++;
  const entered = () => signal({ entered: req.id });
  entered();
  // A DNS answer resumes this message's sender checks: the pool must then know whose code runs.
  const shared = resolverFor(dns);
  const resolver: Resolver = (name, rrtype) => {
    const answer = shared(name, rrtype);
    answer.then(entered, entered);
    return answer;
  };
  readInbound(raw, req.envelope, { ...settings, resolver }, entered)
    .then(
      (reading) => parentPort?.postMessage({ id: req.id, reading } satisfies ReadReply),
      (err: unknown) => parentPort?.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies ReadReply),
    )
    .finally(() => inFlight--);
});
signal({ ready: true });
