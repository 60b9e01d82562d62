import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.ts';

/** Public help-center forms: one row per accepted submission, counted per client to rate-limit abuse. */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('help_rate_events')
    .addColumn('bucket', 'text', (c) => c.notNull())
    // A hash of the client's IP address: enough to count, nothing to leak.
    .addColumn('client_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('help_rate_events_lookup').on('help_rate_events').columns(['bucket', 'client_hash', 'created_at']).execute();
}
