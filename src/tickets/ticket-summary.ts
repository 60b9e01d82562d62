import type { Db } from '../platform/db/connect.ts';
import type { TicketSummaryJson } from './schemas.ts';

export function ticketSummaryQuery(db: Db) {
  return db
    .selectFrom('tickets')
    .innerJoin('contacts', 'contacts.id', 'tickets.requester_id')
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
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof ticketSummaryQuery>['executeTakeFirstOrThrow']>>;

export function toTicketSummary(row: SummaryRow): TicketSummaryJson {
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
  };
}
