import type { Db } from '../platform/db/connect.ts';
import { sha256Hex } from '../platform/storage/blobs.ts';
import { acknowledge } from './acknowledge.ts';
import { analyzeInbound, ticketSubjectOf } from './analyze-inbound.ts';
import { analyzeInboundOffThread } from './analyze-off-thread.ts';
import { normalizeAddress, upsertContact } from './contacts.ts';
import type { Locale } from './detect-language.ts';
import type { InboundMessage, Party } from './inbound-message.ts';
import { recordInbound } from './record-inbound.ts';
import { formatReference } from './reference.ts';
import { PRIORITIES, type Priority } from './triage/triage-labels.ts';
import type { TicketSettings } from './settings.ts';
import { threadMessage } from './thread-message.ts';
import { recordTicketEvidence } from './ticket-evidence.ts';

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
  // Read before the transaction and off the main thread: the words come from an HTTP request, and reading them
  // must neither hold the database nor delay the answers to other requests.
  const analysed = msg.analysis ? msg : { ...msg, analysis: await analyzeInboundOffThread(msg) };
  return db.transaction().execute((trx) => receiveMessageWithin(trx, settings, analysed));
}

/** receiveMessage inside the caller's transaction, for a caller that commits more with it (a job's completion). */
export async function receiveMessageWithin(trx: Db, settings: TicketSettings, msg: InboundMessage): Promise<IntakeResult> {
  // The same id with the same content is a repeated delivery; the same id with other content is a different
  // message (some clients and forwarders reuse ids) and is kept.
  const dedupeKey = msg.externalId ? sha256Hex(`${msg.externalId}\u0000${msg.contentHash}`) : null;

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
  const { match: thread, refused } = await threadMessage(trx, msg);
  let ticketId: number;
  let acknowledged = false;
  let created: { reference: string; locale: Locale; subject: string } | undefined;
  const { triage, ...analysis } = msg.analysis ?? analyzeInbound(msg);
  if (thread) {
    ticketId = thread.ticketId;
    // An out-of-office answer joins quietly: the ticket is not reopened and nobody is told.
    if (!msg.automated) await followUp(trx, ticketId, triage.priority, now);
  } else {
    const locale = analysis.locale;
    const subject = ticketSubjectOf(msg);
    const inserted = await trx
      .insertInto('tickets')
      .values({
        reference: null,
        subject,
        status: 'new',
        category: triage.category,
        priority: msg.automated ? 'low' : triage.priority,
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
  // A new ticket's checklist is the message's own; a follow-up's is judged on everything the customer sent.
  const evidence = created ? analysis.evidenceIfNew : undefined;
  const messageId = await recordInbound(trx, ticketId, msg, { dedupeKey, chainRefs: analysis.chainRefs, evidenceMissing: evidence, threadingNote: refused }, now);
  const missing = evidence ?? (msg.automated ? [] : await recordTicketEvidence(trx, ticketId, messageId));
  if (created && !msg.noAutoReplyReason) {
    acknowledged = await acknowledge(trx, settings, {
      ticketId,
      ...created,
      evidenceMissing: missing,
      requesterId,
      requesterAddress: normalizeAddress(msg.from.address),
      channel: msg.channel,
      senderProven: !msg.unverifiedSender && !msg.automated,
    }, now);
  }
  return { ticketId, messageId, duplicate: false, newTicket: !thread, acknowledged };
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

/**
 * The customer wrote again: a ticket waiting on them, or one they were told is solved, needs an agent again, and
 * a follow-up that reveals something worse ("now they took my funds") raises the priority, never lowers it.
 */
async function followUp(trx: Db, ticketId: number, priority: Priority, now: number): Promise<void> {
  await trx.updateTable('tickets').set({ updated_at: now }).where('id', '=', ticketId).execute();
  await trx
    .updateTable('tickets')
    .set({ status: 'open' })
    .where('id', '=', ticketId)
    .where('status', 'in', ['pending', 'resolved'])
    .execute();
  const lower = PRIORITIES.slice(PRIORITIES.indexOf(priority) + 1);
  if (lower.length > 0) {
    await trx.updateTable('tickets').set({ priority }).where('id', '=', ticketId).where('priority', 'in', lower).execute();
  }
}
