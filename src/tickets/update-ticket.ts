import type { Db } from '../platform/db/connect.ts';
import type { TicketPatch } from './console-schemas.ts';

export type UpdateResult = 'updated' | 'not_found' | 'bad_assignee';

/**
 * An agent's correction of a ticket: status, priority, category, assignee and tags in one transaction. The
 * assignee must be an active agent, so a ticket never lands with someone who can no longer sign in.
 */
export async function updateTicket(db: Db, ticketId: number, patch: TicketPatch): Promise<UpdateResult> {
  return db.transaction().execute(async (trx) => {
    const ticket = await trx.selectFrom('tickets').select('id').where('id', '=', ticketId).executeTakeFirst();
    if (!ticket) return 'not_found';
    if (patch.assignee_id !== undefined && patch.assignee_id !== null) {
      const assignee = await trx.selectFrom('agents').select('id').where('id', '=', patch.assignee_id).where('active', '=', 1).executeTakeFirst();
      if (!assignee) return 'bad_assignee';
    }
    const now = Date.now();
    await trx
      .updateTable('tickets')
      .set({
        updated_at: now,
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.priority !== undefined && { priority: patch.priority }),
        ...(patch.category !== undefined && { category: patch.category }),
        ...(patch.assignee_id !== undefined && { assignee_id: patch.assignee_id }),
      })
      .where('id', '=', ticketId)
      .execute();
    if (patch.tags !== undefined) {
      await trx.deleteFrom('ticket_tags').where('ticket_id', '=', ticketId).execute();
      if (patch.tags.length) await trx.insertInto('ticket_tags').values(patch.tags.map((t) => ({ ticket_id: ticketId, tag: t }))).execute();
    }
    return 'updated';
  });
}
