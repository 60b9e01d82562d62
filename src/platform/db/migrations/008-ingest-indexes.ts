import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.ts';

/**
 * Indexes for queries every inbound message makes, which otherwise walk a table that grows with the desk:
 * - the acknowledgement limit counts a requester's recent acknowledgements through their tickets;
 * - the evidence checklist reads a ticket's chain references (only message_id was indexed);
 * - a job claim also takes over running jobs whose lease ran out, a range the status/run_at index cannot serve.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex('tickets_requester').on('tickets').columns(['requester_id', 'id']).execute();
  await db.schema.createIndex('chain_refs_ticket').on('chain_refs').column('ticket_id').execute();
  await db.schema.createIndex('jobs_lease').on('jobs').columns(['status', 'locked_until']).execute();
}
