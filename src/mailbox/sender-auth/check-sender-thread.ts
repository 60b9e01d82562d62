import { parentPort } from 'node:worker_threads';
import { checkSender, type CheckSenderInput } from './check-sender.ts';
import { createResolver, type Resolver, type ResolverSpec } from './dns-resolver.ts';

/** A request from check-sender-pool.ts: the resolver travels as its description, functions cannot. */
export type CheckRequest = { id: number; raw: Uint8Array; input: Omit<CheckSenderInput, 'resolver'>; dns: ResolverSpec };

// One resolver (and so one answer cache) per distinct configuration, as in the main thread.
const resolvers = new Map<string, Resolver>();
function resolverFor(spec: ResolverSpec): Resolver {
  const key = JSON.stringify(spec);
  let resolver = resolvers.get(key);
  if (!resolver) resolvers.set(key, (resolver = createResolver(spec.servers, spec.options)));
  return resolver;
}

parentPort?.on('message', (req: CheckRequest) => {
  const raw = Buffer.from(req.raw.buffer, req.raw.byteOffset, req.raw.byteLength);
  void checkSender(raw, { ...req.input, resolver: resolverFor(req.dns) }).then((auth) => parentPort?.postMessage({ id: req.id, auth }));
});
