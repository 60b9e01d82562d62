import type { Selectable } from 'kysely';
import type { Db } from '../platform/db/connect.ts';
import type { AttachmentTable, ChainRefTable, MessageTable } from '../platform/db/schema.ts';
import { toChecksumAddress } from './chain-refs/evm-address.ts';
import { phrasesOf, redactHtmlForAgents, redactTextForAgents } from './redact-for-agents.ts';
import { notesOfTicket } from './ticket-notes.ts';
import type { MessageJson, TicketJson } from './schemas.ts';
import { tagsOfTickets, ticketSummaryQuery, toTicketSummary } from './ticket-summary.ts';

export async function getTicket(db: Db, id: number): Promise<TicketJson | undefined> {
  const row = await ticketSummaryQuery(db).where('tickets.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const messages = await db.selectFrom('messages').selectAll().where('ticket_id', '=', id).orderBy('id').execute();
  const ids = messages.map((m) => m.id);
  const [attachments, refs] = ids.length
    ? await Promise.all([
        db.selectFrom('attachments').selectAll().where('message_id', 'in', ids).orderBy('id').execute(),
        db.selectFrom('chain_refs').selectAll().where('message_id', 'in', ids).orderBy('id').execute(),
      ])
    : [[], []];
  const [tags, notes, phrases] = await Promise.all([tagsOfTickets(db, [id]), notesOfTicket(db, id), phrasesOf(db, messages.flatMap(addressesOfMessage))]);
  const redacted = messages.map((m) => ({ ...m, text: redactTextForAgents(m.text, phrases), html: m.html === null ? null : redactHtmlForAgents(m.html, phrases) }));
  return { ...toTicketSummary(row, tags.get(id) ?? []), messages: redacted.map((m) => toMessageJson(m, attachments, refs)), notes };
}

/**
 * EVM addresses are stored in lower case so a search in any case finds them, but shown in their EIP-55 form: the
 * capitals are the checksum an agent compares against the customer's wallet, and lower case would hide a typo.
 */
function displayedRefValue(ref: Pick<Selectable<ChainRefTable>, 'kind' | 'chain' | 'value'>): string {
  return ref.kind === 'address' && ref.chain === 'evm' ? toChecksumAddress(ref.value) : ref.value;
}

function addresses(json: string): string[] {
  return (JSON.parse(json) as { address: string }[]).map((p) => p.address);
}

/**
 * Everyone a message went between: a customer's phrase can be in our mail to them and in their reply quoting it,
 * and a status link in either. The ticket API, and so the console, shows agents only the redacted text.
 */
function addressesOfMessage(m: Selectable<MessageTable>): string[] {
  return [m.from_address, ...addresses(m.to_json), ...addresses(m.cc_json)];
}

function toMessageJson(
  m: Selectable<MessageTable>,
  attachments: Selectable<AttachmentTable>[],
  refs: Selectable<ChainRefTable>[],
): MessageJson {
  return {
    id: m.id,
    direction: m.direction,
    kind: m.kind,
    channel: m.channel,
    from: m.from_address,
    from_name: m.from_name,
    to: addresses(m.to_json),
    cc: addresses(m.cc_json),
    subject: m.subject,
    text: m.text,
    html: m.html,
    message_id: m.external_id,
    delivery_status: m.delivery_status,
    created_at: new Date(m.created_at).toISOString(),
    auth: m.auth_json ? (JSON.parse(m.auth_json) as MessageJson['auth']) : null,
    unverified_sender: m.unverified_sender === 1,
    automated: m.automated === 1,
    threading_note: m.threading_note,
    chain_refs: refs.filter((r) => r.message_id === m.id).map((r) => ({ kind: r.kind, chain: r.chain, value: displayedRefValue(r) })),
    evidence_missing: JSON.parse(m.evidence_missing_json) as string[],
    attachments: attachments
      .filter((a) => a.message_id === m.id)
      .map((a) => ({
        id: a.id,
        filename: a.filename,
        content_type: a.content_type,
        size: a.size,
        inline: a.inline === 1,
        content_id: a.content_id,
        detected_type: a.detected_type,
        quarantined: a.quarantined === 1,
        quarantine_reason: a.quarantine_reason,
      })),
  };
}

/** An attachment of the given ticket; another ticket's attachment id finds nothing. */
export async function getTicketAttachment(db: Db, ticketId: number, attachmentId: number) {
  return db
    .selectFrom('attachments')
    .innerJoin('messages', 'messages.id', 'attachments.message_id')
    .select(['attachments.blob_hash', 'attachments.filename', 'attachments.content_type', 'attachments.size', 'attachments.quarantined', 'attachments.quarantine_reason'])
    .where('attachments.id', '=', attachmentId)
    .where('messages.ticket_id', '=', ticketId)
    .executeTakeFirst();
}
