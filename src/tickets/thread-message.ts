import type { Db } from '../platform/db/connect.ts';
import { normalizeAddress } from './contacts.ts';
import type { InboundMessage } from './inbound-message.ts';
import { ticketIdFromSubject } from './reference.ts';

export type ThreadMatch = { ticketId: number; by: 'reply-to' | 'subject-reference' | 'signed-link' };

/**
 * The ticket a message continues, if any; and, when it named a ticket it was not let into, why (the agent sees
 * it as the new ticket's `threading_note`, so a customer's real follow-up is never lost, only set apart).
 */
export type Threading = { match: ThreadMatch | undefined; refused: string | null };

/**
 * Finds the ticket an inbound message continues. A From header is only a claim: anyone can write the victim's
 * address into it, and a WD-number is easy to guess. So a message joins another ticket only on evidence:
 *
 * - By the ids it answers (In-Reply-To, References): when its sender is proven (DMARC passed for the From
 *   domain), or is already on that ticket. Our own Message-IDs carry 160 random bits, so holding one is proof
 *   of having our mail; but an id the customer's own client made may be guessable, so when DMARC *fails* (the
 *   From domain says the mail is not from it) only an id we made counts.
 * - By the reference in the subject: only when the sender is on that ticket *and* proven. A reference alone is
 *   public (it is printed in every mail about the ticket); a From alone is forgeable.
 * - Never by a form post's subject: a form proves no ownership of the address typed into it.
 *
 * Anything else starts a new ticket. A closed ticket is not continued; the message starts a new one.
 */
export async function threadMessage(db: Db, msg: InboundMessage): Promise<Threading> {
  if (msg.ticketId !== undefined) {
    const ticket = await db.selectFrom('tickets').select('status').where('id', '=', msg.ticketId).executeTakeFirst();
    return { match: ticket && ticket.status !== 'closed' ? { ticketId: msg.ticketId, by: 'signed-link' } : undefined, refused: null };
  }
  const sender = normalizeAddress(msg.from.address);
  const proven = !msg.unverifiedSender;
  const dmarcFailed = msg.auth?.dmarc === 'fail';
  let refused: string | null = null;

  const ids = msg.repliesTo.slice(0, 100);
  if (ids.length > 0) {
    const rows = await db
      .selectFrom('messages')
      .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
      .select(['messages.external_id', 'messages.direction', 'tickets.id as ticket_id', 'tickets.status', 'tickets.reference'])
      .where('messages.external_id', 'in', ids)
      .where('tickets.status', '!=', 'closed')
      .execute();
    const onTicket = await ticketsWithParticipant(db, rows.map((r) => r.ticket_id), sender);
    for (const id of ids) {
      for (const hit of rows.filter((r) => r.external_id === id)) {
        const ours = hit.direction === 'outbound';
        if (proven || (onTicket.has(hit.ticket_id) && (ours || !dmarcFailed))) return { match: { ticketId: hit.ticket_id, by: 'reply-to' }, refused: null };
        refused ??= onTicket.has(hit.ticket_id)
          ? `Answers a message of ${hit.reference} by an id the sender's mail program made, but DMARC failed for the From domain (the domain says this mail is not from it); opened as a new ticket.`
          : `Answers a message of ${hit.reference}, but the sender is not on that ticket and DMARC did not pass for the From domain; opened as a new ticket.`;
      }
    }
  }

  if (msg.channel === 'web') return { match: undefined, refused };
  const referenced = ticketIdFromSubject(msg.subject);
  if (referenced === undefined) return { match: undefined, refused };
  const ticket = await db.selectFrom('tickets').select(['id', 'status', 'reference']).where('id', '=', referenced).executeTakeFirst();
  if (!ticket || ticket.status === 'closed') return { match: undefined, refused };
  const participant = (await ticketsWithParticipant(db, [ticket.id], sender)).has(ticket.id);
  if (participant && proven) return { match: { ticketId: ticket.id, by: 'subject-reference' }, refused: null };
  refused ??= participant
    ? `Names ${ticket.reference} in the subject, but DMARC did not pass for the From domain, so nothing proves the sender wrote it; opened as a new ticket (a reply to our mail joins by its ids).`
    : `Names ${ticket.reference} in the subject, but the sender is not on that ticket; opened as a new ticket.`;
  return { match: undefined, refused };
}

async function ticketsWithParticipant(db: Db, ticketIds: number[], email: string): Promise<Set<number>> {
  const unique = [...new Set(ticketIds)];
  if (unique.length === 0 || !email) return new Set();
  const rows = await db
    .selectFrom('ticket_participants')
    .select('ticket_id')
    .where('ticket_id', 'in', unique)
    .where('email', '=', email)
    .execute();
  return new Set(rows.map((r) => Number(r.ticket_id)));
}
