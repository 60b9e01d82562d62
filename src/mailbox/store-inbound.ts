import type { Db } from '../platform/db/connect.ts';
import { enqueueJob } from '../platform/jobs/queue.ts';
import { putBlob } from '../platform/storage/blobs.ts';

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

/**
 * Stores a raw message exactly as received and queues its processing, in one transaction. When this returns the
 * message is on disk (SQLite fsyncs the commit; PostgreSQL's commit is durable), and only then may SMTP say 250.
 */
export async function storeInbound(db: Db, raw: Buffer, envelope: InboundEnvelope, withinStore?: WithinStore): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    const blobHash = await putBlob(trx, raw, now);
    const row = await trx
      .insertInto('inbound_raw')
      .values({
        blob_hash: blobHash,
        size: raw.byteLength,
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
    await withinStore?.(trx, row.id);
    return row.id;
  });
}
