import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import type { JobContext } from '../platform/jobs/worker.ts';
import { getBlob, putBlob } from '../platform/storage/blobs.ts';
import type { InboundMessage } from '../tickets/inbound-message.ts';
import { receiveMessage } from '../tickets/intake.ts';
import type { TicketSettings } from '../tickets/settings.ts';
import { noAutoReplyReason } from './loop-protection.ts';
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

/**
 * The job that turns a stored raw message into a ticket message. Mail that cannot be understood is quarantined
 * with the reason, never dropped; a database failure throws, so the job is retried.
 */
export function processInbound(db: Db, settings: TicketSettings) {
  return async ({ raw_id: rawId }: z.infer<typeof processInboundPayload>, { log }: JobContext): Promise<void> => {
    const row = await db.selectFrom('inbound_raw').selectAll().where('id', '=', rawId).executeTakeFirst();
    if (!row || row.status !== 'pending') return;
    const raw = await getBlob(db, row.blob_hash);
    if (!raw) return quarantineInbound(db, rawId, 'raw message missing from storage');

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

    const attachments = [];
    for (const a of parsed.attachments) {
      const blobHash = await putBlob(db, a.content);
      attachments.push({ blobHash, filename: a.filename, contentType: a.contentType, size: a.content.byteLength, contentId: a.contentId, inline: a.inline });
    }
    const message: InboundMessage = {
      channel: 'mail',
      from,
      to: parsed.to,
      cc: parsed.cc,
      subject: parsed.subject,
      text: parsed.text,
      html: parsed.html,
      attachments,
      // A message without a Message-ID gets one derived from its content, so a second delivery still dedupes.
      externalId: parsed.messageId ?? `<${parsed.contentHash}@no-message-id.walletdesk>`,
      repliesTo: parsed.repliesTo,
      contentHash: parsed.contentHash,
      rawId,
      noAutoReplyReason: noAutoReplyReason(parsed.mail, from.address, row.source === 'smtp' ? row.mail_from : null),
    };
    const result = await receiveMessage(db, settings, message);
    await db
      .updateTable('inbound_raw')
      .set({ status: 'processed', message_id: result.messageId, processed_at: Date.now(), quarantine_reason: null })
      .where('id', '=', rawId)
      .execute();
    log.info({ raw_id: rawId, ticket_id: result.ticketId, message_id: result.messageId, duplicate: result.duplicate, new_ticket: result.newTicket, acknowledged: result.acknowledged }, 'inbound mail processed');
  };
}
