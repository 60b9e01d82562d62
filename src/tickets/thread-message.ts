import type { Db } from '../platform/db/connect.ts';
import { normalizeAddress } from './contacts.ts';
import type { InboundMessage } from './inbound-message.ts';
import { ticketIdFromSubject } from './reference.ts';

export type ThreadMatch = { ticketId: number; by: 'reply-to' | 'subject-reference' | 'signed-link' };

/**
 * Finds the ticket an inbound message continues. Replies are recognised by the ids they answer (every id we
 * have seen or sent); failing that, by the reference in the subject, but only for someone already on the
 * ticket: otherwise anyone could write themselves into another customer's ticket by guessing WD-numbers.
 * A closed ticket is not continued; the message starts a new one.
 */
export async function threadMessage(db: Db, msg: InboundMessage): Promise<ThreadMatch | undefined> {
  if (msg.ticketId !== undefined) {
    const ticket = await db.selectFrom('tickets').select('status').where('id', '=', msg.ticketId).executeTakeFirst();
    return ticket && ticket.status !== 'closed' ? { ticketId: msg.ticketId, by: 'signed-link' } : undefined;
  }
  const ids = msg.repliesTo.slice(0, 100);
  if (ids.length > 0) {
    const rows = await db
      .selectFrom('messages')
      .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
      .select(['messages.external_id', 'tickets.id as ticket_id', 'tickets.status'])
      .where('messages.external_id', 'in', ids)
      .execute();
    for (const id of ids) {
      const hit = rows.find((r) => r.external_id === id && r.status !== 'closed');
      if (hit) return { ticketId: hit.ticket_id, by: 'reply-to' };
    }
  }

  // A web form proves no ownership of the address typed into it, so a reference in its subject joins nothing.
  if (msg.channel === 'web') return undefined;
  const referenced = ticketIdFromSubject(msg.subject);
  if (referenced === undefined) return undefined;
  const participant = await db
    .selectFrom('ticket_participants')
    .innerJoin('tickets', 'tickets.id', 'ticket_participants.ticket_id')
    .select('tickets.id')
    .where('ticket_participants.ticket_id', '=', referenced)
    .where('ticket_participants.email', '=', normalizeAddress(msg.from.address))
    .where('tickets.status', '!=', 'closed')
    .executeTakeFirst();
  return participant ? { ticketId: participant.id, by: 'subject-reference' } : undefined;
}
