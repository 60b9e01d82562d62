import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.ts';
import type { Dialect } from '../connect.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);

  // One row per polled mailbox. `account` is user@host:port without the password, so a changed password keeps
  // the bookkeeping while a different mailbox starts its own.
  await t
    .id(db.schema.createTable('imap_mailboxes'))
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    // Null until the mailbox was first selected (a wrong password still needs a row to record its error on).
    .addColumn('uid_validity', 'bigint')
    .addColumn('scan_from_uid', 'bigint')
    .addColumn('last_sync_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('imap_mailboxes_account_path', ['account', 'path'])
    .execute();

  // One row per message taken into custody, written in the transaction that stores its raw source: the primary
  // key is what makes a second import of the same UID impossible, whoever tries it and whenever.
  await db.schema
    .createTable('imap_messages')
    .addColumn('mailbox_id', 'bigint', (c) => c.notNull().references('imap_mailboxes.id'))
    .addColumn('uid_validity', 'bigint', (c) => c.notNull())
    .addColumn('uid', 'bigint', (c) => c.notNull())
    .addColumn('raw_id', 'bigint', (c) => c.references('inbound_raw.id'))
    .addColumn('skip_reason', 'text')
    .addColumn('stored_at', 'bigint', (c) => c.notNull())
    .addColumn('marked_at', 'bigint')
    .addPrimaryKeyConstraint('imap_messages_pk', ['mailbox_id', 'uid_validity', 'uid'])
    .execute();
  await db.schema.createIndex('imap_messages_unmarked').on('imap_messages').columns(['mailbox_id', 'marked_at']).execute();
}
