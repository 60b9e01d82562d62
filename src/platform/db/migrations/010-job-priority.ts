import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.ts';

/**
 * Jobs get a priority (higher runs first among due jobs), so a burst of inbound mail is taken in before the
 * acknowledgements it causes are sent, and security mail is never queued behind either. Existing jobs are normal (1).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('priority', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.createIndex('jobs_queue').on('jobs').columns(['status', 'priority', 'run_at', 'id']).execute();
}
