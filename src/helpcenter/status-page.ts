import type { Db } from '../platform/db/connect.ts';
import type { StatusLinkClaims } from '../tickets/status-link.ts';

export type StatusMessage = {
  direction: 'inbound' | 'outbound';
  from_name: string | null;
  text: string;
  created_at: string;
  attachments: { filename: string; size: number }[];
};
export type StatusPage = { reference: string; subject: string; status: string; messages: StatusMessage[] };

// Only what the customer and we said to each other: internal notes and any kind added later stay off the page.
const CUSTOMER_VISIBLE_KINDS = ['customer', 'acknowledgement', 'reply'] as const;

/** The ticket a status link names, only while its requester is still the one the link was made for. */
export async function ticketForLink(db: Db, claims: StatusLinkClaims) {
  const ticket = await db
    .selectFrom('tickets')
    .innerJoin('contacts', 'contacts.id', 'tickets.requester_id')
    .select(['tickets.id', 'tickets.reference', 'tickets.subject', 'tickets.status', 'contacts.id as contact_id', 'contacts.email', 'contacts.name'])
    .where('tickets.id', '=', claims.ticketId)
    .executeTakeFirst();
  return ticket && Number(ticket.contact_id) === claims.contactId ? ticket : undefined;
}

/** The conversation as the customer may see it: no agent addresses, no notes, attachments by name and size. */
export async function statusPage(db: Db, claims: StatusLinkClaims): Promise<StatusPage | undefined> {
  const ticket = await ticketForLink(db, claims);
  if (!ticket) return undefined;
  const rows = await db
    .selectFrom('messages')
    .leftJoin('agents', 'agents.id', 'messages.author_agent_id')
    .select(['messages.id', 'messages.direction', 'messages.from_name', 'messages.text', 'messages.created_at', 'agents.name as agent_name'])
    .where('messages.ticket_id', '=', ticket.id)
    .where('messages.kind', 'in', [...CUSTOMER_VISIBLE_KINDS])
    .orderBy('messages.created_at', 'asc')
    .orderBy('messages.id', 'asc')
    .execute();
  const ids = rows.map((r) => r.id);
  const files = ids.length
    ? await db
        .selectFrom('attachments')
        .select(['message_id', 'filename', 'size'])
        .where('message_id', 'in', ids)
        .where('inline', '=', 0)
        .orderBy('id', 'asc')
        .execute()
    : [];
  return {
    reference: ticket.reference ?? '',
    subject: ticket.subject,
    status: ticket.status,
    messages: rows.map((r) => ({
      direction: r.direction,
      // Agents are shown by name only; an outbound message without one has no name, and the page says "Support"
      // in the reader's language.
      from_name: r.direction === 'outbound' ? r.agent_name || null : r.from_name,
      text: r.text,
      created_at: new Date(Number(r.created_at)).toISOString(),
      attachments: files.filter((f) => Number(f.message_id) === Number(r.id)).map((f) => ({ filename: f.filename, size: Number(f.size) })),
    })),
  };
}
