import type { Db } from '../platform/db/connect.ts';
import type { NoteJson } from './schemas.ts';

/**
 * Internal notes are agents' talk about a ticket. They are kept in their own table and read only here, for the
 * agent API: reply composition, the outbound log and the customer's status page read messages, never notes.
 */
export async function notesOfTicket(db: Db, ticketId: number, onlyId?: number): Promise<NoteJson[]> {
  let query = db
    .selectFrom('ticket_notes')
    .innerJoin('agents', 'agents.id', 'ticket_notes.author_agent_id')
    .select(['ticket_notes.id', 'ticket_notes.text', 'ticket_notes.created_at', 'agents.id as author_id', 'agents.email', 'agents.name'])
    .where('ticket_notes.ticket_id', '=', ticketId)
    .orderBy('ticket_notes.id');
  if (onlyId !== undefined) query = query.where('ticket_notes.id', '=', onlyId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    author: { id: r.author_id, email: r.email, name: r.name },
    text: r.text,
    created_at: new Date(r.created_at).toISOString(),
  }));
}

/** Adds a note; undefined when the ticket does not exist. */
export async function addTicketNote(db: Db, input: { ticketId: number; agentId: number; text: string }): Promise<NoteJson | undefined> {
  const noteId = await db.transaction().execute(async (trx) => {
    const ticket = await trx.selectFrom('tickets').select('id').where('id', '=', input.ticketId).executeTakeFirst();
    if (!ticket) return undefined;
    const now = Date.now();
    const row = await trx
      .insertInto('ticket_notes')
      .values({ ticket_id: input.ticketId, author_agent_id: input.agentId, text: input.text, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('tickets').set({ updated_at: now }).where('id', '=', input.ticketId).execute();
    return row.id;
  });
  if (noteId === undefined) return undefined;
  const [note] = await notesOfTicket(db, input.ticketId, noteId);
  return note;
}
