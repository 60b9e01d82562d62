import type { Db } from '../platform/db/connect.ts';
import { sha256Hex } from '../platform/storage/blobs.ts';
import { acknowledge } from './acknowledge.ts';
import { normalizeAddress, upsertContact } from './contacts.ts';
import { detectLanguage, type Locale } from './detect-language.ts';
import type { InboundMessage, Party } from './inbound-message.ts';
import { formatReference } from './reference.ts';
import type { TicketSettings } from './settings.ts';
import { threadMessage } from './thread-message.ts';

export type IntakeResult = {
  ticketId: number;
  messageId: number;
  duplicate: boolean;
  newTicket: boolean;
  acknowledged: boolean;
};

/**
 * Takes a customer's message into a ticket: dedupes a repeated delivery, threads it or opens a ticket, and
 * queues the acknowledgement of a new ticket, all in one transaction, so a crash anywhere leaves either
 * nothing (and the caller's job runs again) or everything.
 */
export async function receiveMessage(db: Db, settings: TicketSettings, msg: InboundMessage): Promise<IntakeResult> {
  // The same id with the same content is a repeated delivery; the same id with other content is a different
  // message (some clients and forwarders reuse ids) and is kept.
  const dedupeKey = msg.externalId ? sha256Hex(`${msg.externalId}\u0000${msg.contentHash}`) : null;

  return db.transaction().execute(async (trx) => {
    if (dedupeKey) {
      const seen = await trx
        .selectFrom('messages')
        .select(['id', 'ticket_id'])
        .where('dedupe_key', '=', dedupeKey)
        .executeTakeFirst();
      if (seen) return { ticketId: seen.ticket_id, messageId: seen.id, duplicate: true, newTicket: false, acknowledged: false };
    }

    const now = Date.now();
    const requesterId = await upsertContact(trx, msg.from, now);
    const thread = await threadMessage(trx, msg);
    let ticketId: number;
    let acknowledged = false;
    let created: { reference: string; locale: Locale; subject: string } | undefined;
    if (thread) {
      ticketId = thread.ticketId;
      await trx.updateTable('tickets').set({ updated_at: now }).where('id', '=', ticketId).execute();
      // The customer answered: a ticket waiting on them, or one they were told is solved, needs an agent again.
      await trx
        .updateTable('tickets')
        .set({ status: 'open' })
        .where('id', '=', ticketId)
        .where('status', 'in', ['pending', 'resolved'])
        .execute();
    } else {
      const locale = msg.locale ?? detectLanguage(msg.subject, msg.text);
      const subject = msg.subject.trim() || '(no subject)';
      const inserted = await trx
        .insertInto('tickets')
        .values({
          reference: null,
          subject,
          status: 'new',
          category: 'other',
          priority: 'normal',
          requester_id: requesterId,
          locale,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ticketId = inserted.id;
      const reference = formatReference(ticketId);
      await trx.updateTable('tickets').set({ reference }).where('id', '=', ticketId).execute();
      created = { reference, locale, subject };
    }

    await addParticipants(trx, ticketId, [msg.from, ...msg.cc]);
    const messageId = await insertInboundMessage(trx, ticketId, msg, dedupeKey, now);
    if (created && !msg.noAutoReplyReason) {
      acknowledged = await acknowledge(trx, settings, {
        ticketId,
        ...created,
        requesterId,
        requesterAddress: normalizeAddress(msg.from.address),
      }, now);
    }
    return { ticketId, messageId, duplicate: false, newTicket: !thread, acknowledged };
  });
}

async function addParticipants(trx: Db, ticketId: number, parties: Party[]): Promise<void> {
  const emails = [...new Set(parties.map((p) => normalizeAddress(p.address)).filter(Boolean))];
  if (emails.length === 0) return;
  await trx
    .insertInto('ticket_participants')
    .values(emails.map((email) => ({ ticket_id: ticketId, email })))
    .onConflict((oc) => oc.columns(['ticket_id', 'email']).doNothing())
    .execute();
}

async function insertInboundMessage(trx: Db, ticketId: number, msg: InboundMessage, dedupeKey: string | null, now: number) {
  const row = await trx
    .insertInto('messages')
    .values({
      ticket_id: ticketId,
      direction: 'inbound',
      kind: 'customer',
      channel: msg.channel,
      from_address: normalizeAddress(msg.from.address),
      from_name: msg.from.name,
      to_json: JSON.stringify(msg.to),
      cc_json: JSON.stringify(msg.cc),
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      search_text: `${msg.subject}\n${msg.text}`.toLowerCase(),
      external_id: msg.externalId,
      in_reply_to: msg.repliesTo[0] ?? null,
      references_json: JSON.stringify(msg.repliesTo),
      dedupe_key: dedupeKey,
      raw_id: msg.rawId,
      author_agent_id: null,
      delivery_status: 'received',
      delivery_attempts: 0,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (msg.attachments.length > 0) {
    await trx
      .insertInto('attachments')
      .values(
        msg.attachments.map((a) => ({
          message_id: row.id,
          blob_hash: a.blobHash,
          filename: a.filename,
          content_type: a.contentType,
          size: a.size,
          content_id: a.contentId,
          inline: a.inline ? 1 : 0,
        })),
      )
      .execute();
  }
  return row.id;
}
