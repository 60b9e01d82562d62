import { durableTransaction, type Db } from '../platform/db/connect.ts';
import { TurnGroups } from '../platform/db/turn-groups.ts';
import { enqueueJob } from '../platform/jobs/queue.ts';
import { putBlob, putBlobFromFile } from '../platform/storage/blobs.ts';
import type { Spooled } from '../platform/storage/spool.ts';

export const PROCESS_INBOUND_JOB = 'process-inbound';

export type InboundEnvelope = {
  source: 'smtp' | 'imap';
  mailFrom: string;
  rcptTo: string[];
  remoteAddress: string | null;
  helo: string | null;
};

/**
 * Runs inside the storing transaction, after the raw row exists: a source's own bookkeeping (which IMAP UID this
 * was) commits with the message or not at all. Throwing rolls the message back.
 */
export type WithinStore = (trx: Db, rawId: number) => Promise<void>;

/** A raw message as a source has it: whole in memory (IMAP, tests), or spooled by the SMTP intake as it arrived. */
export type RawBytes = Uint8Array | Spooled;

/**
 * Stores a raw message exactly as received and queues its processing, in one transaction. When this returns the
 * message is on disk (durableTransaction), and only then may SMTP say 250.
 *
 * Messages arriving together share one transaction (group commit): the flush to disk is what a store costs, and
 * one flush makes a whole group durable. A group fails or succeeds as one, and every sender in a failed group is
 * told to retry. A source with its own bookkeeping (withinStore) gets a transaction of its own, so its failure
 * never rolls back anyone else's message.
 */
export async function storeInbound(db: Db, raw: RawBytes, envelope: InboundEnvelope, withinStore?: WithinStore): Promise<number> {
  if (withinStore) {
    return durableTransaction(db, async (trx) => {
      const rawId = await insertInbound(trx, raw, envelope, Date.now());
      await withinStore(trx, rawId);
      return rawId;
    });
  }
  return new Promise((resolve, reject) => groups.join(db, { raw, envelope, resolve, reject }));
}

type Waiting = { raw: RawBytes; envelope: InboundEnvelope; resolve: (rawId: number) => void; reject: (err: unknown) => void };

const groups = new TurnGroups<Waiting>((db, members) => void commitGroup(db, members));

async function commitGroup(db: Db, members: Waiting[]): Promise<void> {
  try {
    const ids = await durableTransaction(db, async (trx) => {
      const now = Date.now();
      const rawIds: number[] = [];
      for (const m of members) rawIds.push(await insertInbound(trx, m.raw, m.envelope, now));
      return rawIds;
    });
    members.forEach((m, i) => m.resolve(ids[i] as number));
  } catch (err) {
    for (const m of members) m.reject(err);
  }
}

/** The bytes into the blob store: a spooled file a chunk at a time, so a large mail is never whole in memory. */
function putRaw(trx: Db, raw: RawBytes, now: number): Promise<string> {
  if (raw instanceof Uint8Array) return putBlob(trx, raw, now);
  if (raw.kind === 'memory') return putBlob(trx, raw.data, now, raw.hash);
  return putBlobFromFile(trx, raw, now);
}

async function insertInbound(trx: Db, raw: RawBytes, envelope: InboundEnvelope, now: number): Promise<number> {
  const blobHash = await putRaw(trx, raw, now);
  const row = await trx
    .insertInto('inbound_raw')
    .values({
      blob_hash: blobHash,
      size: raw instanceof Uint8Array ? raw.byteLength : raw.size,
      source: envelope.source,
      mail_from: envelope.mailFrom,
      rcpt_to: JSON.stringify(envelope.rcptTo),
      remote_address: envelope.remoteAddress,
      helo: envelope.helo,
      status: 'pending',
      received_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueJob(trx, PROCESS_INBOUND_JOB, { raw_id: row.id });
  return row.id;
}
