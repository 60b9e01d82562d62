import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { groupedRecomputableTransaction } from '../platform/db/grouped-transaction.ts';
import { isUniqueViolation } from '../platform/db/unique-violation.ts';
import type { JobContext } from '../platform/jobs/worker.ts';
import { getBlob, putBlob } from '../platform/storage/blobs.ts';
import { receiveMessageWithin } from '../tickets/intake.ts';
import type { TicketSettings } from '../tickets/settings.ts';
import { applyDeliveryReport } from './apply-delivery-report.ts';
import type { MailboxSettings } from './mailbox-settings.ts';
import { readInboundOffThread } from './read-inbound-pool.ts';
import type { RawEnvelope } from './read-inbound.ts';
import { ReadingMemory } from './reading-memory.ts';

export const processInboundPayload = z.object({ raw_id: z.number().int().positive() });

// One budget for the process, as the reading threads are one pool: room for two of the largest mails side by side.
const readingMemory = new ReadingMemory(64 * 1024 * 1024);

/** Keeps the raw message and says why it could not become a ticket message; an admin can re-process it later. */
export async function quarantineInbound(db: Db, rawId: number, reason: string): Promise<void> {
  await db
    .updateTable('inbound_raw')
    .set({ status: 'quarantined', quarantine_reason: reason.slice(0, 2000), processed_at: Date.now() })
    .where('id', '=', rawId)
    .execute();
}

async function markProcessed(db: Db, rawId: number, messageId: number | null, note: string | null): Promise<void> {
  await db
    .updateTable('inbound_raw')
    .set({ status: 'processed', message_id: messageId, note, processed_at: Date.now(), quarantine_reason: null })
    .where('id', '=', rawId)
    .execute();
}

/**
 * The job that turns a stored raw message into a ticket message. Delivery reports update the outbound message
 * they concern instead of opening tickets. Mail that cannot be understood is quarantined with the reason, never
 * dropped; a database failure throws, so the job is retried.
 */
export function processInbound(db: Db, tickets: TicketSettings, mailbox: MailboxSettings) {
  const take = async (rawId: number, raw: Buffer, row: RawEnvelope, { log, completeWithin }: JobContext): Promise<void> => {
    const reading = await readInboundOffThread(raw, row, mailbox);
    if (reading.kind === 'quarantine') {
      log.warn({ raw_id: rawId, reason: reading.reason }, 'inbound mail quarantined');
      return quarantineInbound(db, rawId, reading.reason);
    }
    if (reading.kind === 'delivery-report') {
      const { report } = reading;
      const concerned = await applyDeliveryReport(db, report);
      if (concerned.length === 0) return quarantineInbound(db, rawId, `delivery report (${report.action}) about mail we did not send`);
      log.info({ raw_id: rawId, outbound_ids: concerned, action: report.action }, 'delivery report applied');
      return markProcessed(db, rawId, null, `delivery report: ${report.action} for message ${concerned.join(', ')}`);
    }

    // Files, ticket, raw status and job completion in one commit, shared with the messages processed beside this
    // one. It need not wait for the disk: all of it is recomputed from the raw message, which was stored durably
    // before SMTP said 250 (see recomputableTransaction).
    const record = () =>
      groupedRecomputableTransaction(db, async (trx) => {
        for (const file of reading.files) await putBlob(trx, file.content, Date.now(), file.hash);
        const received = await receiveMessageWithin(trx, tickets, reading.message);
        await markProcessed(trx, rawId, received.messageId, received.duplicate ? 'duplicate delivery' : null);
        await completeWithin(trx);
        return received;
      });
    // Two copies of one message (a sender's retry, two desks on one mailbox) processed at the same moment both find
    // no earlier copy, and the unique dedupe key lets only one commit. The other rolled back whole; recording it
    // again, now that the winner is committed, finds it and makes this copy the duplicate delivery it is.
    const result = await record().catch((err: unknown) => {
      if (!isUniqueViolation(err, 'messages', 'dedupe_key')) throw err;
      return record();
    });
    log.info({ raw_id: rawId, ticket_id: result.ticketId, message_id: result.messageId, duplicate: result.duplicate, new_ticket: result.newTicket, acknowledged: result.acknowledged }, 'inbound mail processed');
  };
  return async ({ raw_id: rawId }: z.infer<typeof processInboundPayload>, ctx: JobContext): Promise<void> => {
    const row = await db
      .selectFrom('inbound_raw')
      .select(['id', 'status', 'source', 'remote_address', 'helo', 'mail_from', 'blob_hash', 'size'])
      .where('id', '=', rawId)
      .executeTakeFirst();
    if (!row || row.status !== 'pending') return;
    // The raw message, and all that reading it makes, stay within the process's reading budget until stored.
    const release = await readingMemory.reserve(Number(row.size));
    try {
      const raw = await getBlob(db, row.blob_hash);
      if (!raw) return await quarantineInbound(db, rawId, 'raw message missing from storage');
      await take(rawId, raw, row, ctx);
    } finally {
      release();
    }
  };
}
