import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.ts';

/**
 * Support aliases an admin adds in the console, beside those of WALLETDESK_SUPPORT_ALIASES. Addresses are stored
 * lowercased, so the primary key is also the duplicate check.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('support_aliases')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('created_by', 'bigint', (c) => c.references('agents.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
