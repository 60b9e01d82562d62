import { z } from 'zod';
import { recomputableTransaction, type Db } from '../platform/db/connect.ts';
import type { JobContext } from '../platform/jobs/worker.ts';
import { getBlob } from '../platform/storage/blobs.ts';
import { receiveMessageWithin } from '../tickets/intake.ts';
import type { TicketSettings } from '../tickets/settings.ts';
import { applyDeliveryReport } from './apply-delivery-report.ts';
import { buildInboundMessage, checkInboundSender, storeMessageBlobs } from './build-inbound-message.ts';
import { readDeliveryReport } from './delivery-report.ts';
import type { MailboxSettings } from './mailbox-settings.ts';
import { parseMail, UnparseableMailError } from './parse-mail.ts';

export const processInboundPayload = z.object({ raw_id: z.number().int().positive() });

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
  return async ({ raw_id: rawId }: z.infer<typeof processInboundPayload>, { log, completeWithin }: JobContext): Promise<void> => {
    const row = await db.selectFrom('inbound_raw').selectAll().where('id', '=', rawId).executeTakeFirst();
    if (!row || row.status !== 'pending') return;
    const raw = await getBlob(db, row.blob_hash);
    if (!raw) return quarantineInbound(db, rawId, 'raw message missing from storage');

    // The sender checks run on another thread while this one parses.
    const auth = checkInboundSender(raw, row, mailbox);
    let parsed;
    try {
      parsed = await parseMail(raw);
    } catch (err) {
      if (!(err instanceof UnparseableMailError)) throw err;
      log.warn({ raw_id: rawId, reason: err.message }, 'inbound mail quarantined');
      return quarantineInbound(db, rawId, err.message);
    }

    const from = parsed.from ?? (row.mail_from ? { address: row.mail_from.toLowerCase(), name: null } : null);
    if (!from) {
      log.warn({ raw_id: rawId }, 'inbound mail quarantined: no sender');
      return quarantineInbound(db, rawId, 'no sender address in From, Sender or the envelope');
    }

    const report = readDeliveryReport(parsed.mail, from.address);
    if (report) {
      const concerned = await applyDeliveryReport(db, report);
      if (concerned.length === 0) return quarantineInbound(db, rawId, `delivery report (${report.action}) about mail we did not send`);
      log.info({ raw_id: rawId, outbound_ids: concerned, action: report.action }, 'delivery report applied');
      return markProcessed(db, rawId, null, `delivery report: ${report.action} for message ${concerned.join(', ')}`);
    }

    const message = buildInboundMessage(row, parsed, from, await auth, mailbox);
    // Files, ticket, raw status and job completion in one commit. It need not wait for the disk: all of it is
    // recomputed from the raw message, which was stored durably before SMTP said 250 (see recomputableTransaction).
    const result = await recomputableTransaction(db, async (trx) => {
      await storeMessageBlobs(trx, parsed);
      const received = await receiveMessageWithin(trx, tickets, message);
      await markProcessed(trx, rawId, received.messageId, received.duplicate ? 'duplicate delivery' : null);
      await completeWithin(trx);
      return received;
    });
    log.info({ raw_id: rawId, ticket_id: result.ticketId, message_id: result.messageId, duplicate: result.duplicate, new_ticket: result.newTicket, acknowledged: result.acknowledged }, 'inbound mail processed');
  };
}
