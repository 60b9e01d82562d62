import type { Db } from '../platform/db/connect.ts';
import type { TicketSummaryJson } from './schemas.ts';

export function ticketSummaryQuery(db: Db) {
  return db
    .selectFrom('tickets')
    .innerJoin('contacts', 'contacts.id', 'tickets.requester_id')
    .leftJoin('agents as assignee', 'assignee.id', 'tickets.assignee_id')
    .select([
      'tickets.id',
      'tickets.reference',
      'tickets.subject',
      'tickets.status',
      'tickets.category',
      'tickets.priority',
      'tickets.locale',
      'tickets.created_at',
      'tickets.updated_at',
      'contacts.id as requester_id',
      'contacts.email',
      'contacts.name',
      'tickets.assignee_id',
      'assignee.email as assignee_email',
      'assignee.name as assignee_name',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof ticketSummaryQuery>['executeTakeFirstOrThrow']>>;

export function toTicketSummary(row: SummaryRow, tags: string[]): TicketSummaryJson {
  return {
    id: row.id,
    reference: row.reference ?? '',
    subject: row.subject,
    status: row.status,
    category: row.category,
    priority: row.priority,
    requester: { id: row.requester_id, address: row.email, name: row.name },
    locale: row.locale,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
    assignee: row.assignee_id !== null && row.assignee_email ? { id: row.assignee_id, email: row.assignee_email, name: row.assignee_name ?? null } : null,
    tags,
  };
}

/** The tags of each ticket, in one query for a whole page. */
export async function tagsOfTickets(db: Db, ticketIds: number[]): Promise<Map<number, string[]>> {
  const byTicket = new Map<number, string[]>(ticketIds.map((id) => [id, []]));
  if (!ticketIds.length) return byTicket;
  const rows = await db.selectFrom('ticket_tags').select(['ticket_id', 'tag']).where('ticket_id', 'in', ticketIds).orderBy('tag').execute();
  for (const r of rows) byTicket.get(Number(r.ticket_id))?.push(r.tag);
  return byTicket;
}
