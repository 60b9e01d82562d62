import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.ts';

/**
 * Why a message that named a ticket (by its reference, or by the ids it answers) was not let into it and opened a
 * ticket of its own instead: the sender did not prove the address. Null for every other message.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('messages').addColumn('threading_note', 'text').execute();
}
