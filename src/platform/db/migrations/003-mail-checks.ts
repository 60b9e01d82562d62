import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.ts';
import type { Dialect } from '../connect.ts';

/** Triage, sender authenticity, chain references, the evidence checklist, attachment safety, phishing phrase. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  for (const [column, type, dflt] of [
    ['auth_json', 'text', null],
    ['unverified_sender', 'integer', 0],
    ['evidence_missing_json', 'text', '[]'],
    ['automated', 'integer', 0],
  ] as const) {
    await db.schema
      .alterTable('messages')
      .addColumn(column, type, (c) => (dflt === null ? c : c.notNull().defaultTo(dflt)))
      .execute();
  }
  await db.schema.alterTable('attachments').addColumn('quarantined', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('attachments').addColumn('quarantine_reason', 'text').execute();
  await db.schema.alterTable('attachments').addColumn('detected_type', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('anti_phishing_phrase', 'text').execute();
  await db.schema.alterTable('inbound_raw').addColumn('note', 'text').execute();

  await t
    .id(db.schema.createTable('chain_refs'))
    .addColumn('message_id', 'bigint', (c) => c.notNull().references('messages.id'))
    .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('chain', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chain_refs_value').on('chain_refs').column('value').execute();
  await db.schema.createIndex('chain_refs_message').on('chain_refs').column('message_id').execute();
}
