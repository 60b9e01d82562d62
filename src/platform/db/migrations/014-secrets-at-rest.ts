import type { Kysely } from 'kysely';
import { redactSecretLinks } from '../../redact-secret-links.ts';
import type { Dialect } from '../connect.ts';

/**
 * Ticket mail whose links carry secrets (the acknowledgement's status link) is kept as sent in
 * `messages.raw_sealed` until its last attempt, beside a redacted copy in the blob the outbound log shows.
 *
 * Security mail at rest: `account_mails.text` keeps only a copy with its secret links redacted, and the clear text
 * (until the mail is composed) and the composed bytes (until the last delivery attempt) live sealed with the
 * desk's encryption key (platform/encryption.ts) in these columns, then are dropped.
 *
 * Mail already sent (or given up) needs no key to be made safe: its text is redacted here and its composed bytes,
 * a blob only that row points to (each holds a random Message-ID), deleted. Sealing what is still queued, and the
 * TOTP secrets, needs the key, which migrations never hold (`walletdesk migrate` runs without it): that is the
 * start-up step in seal-secrets-at-rest.ts.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('account_mails').addColumn('text_sealed', 'text').execute();
  await db.schema.alterTable('account_mails').addColumn('raw_sealed', 'text').execute();
  await db.schema.alterTable('messages').addColumn('raw_sealed', 'text').execute();
  const done = await db.selectFrom('account_mails').select(['id', 'text', 'raw_blob_hash']).where('status', '!=', 'queued').execute();
  for (const row of done as { id: number; text: string; raw_blob_hash: string | null }[]) {
    const text = redactSecretLinks(row.text);
    if (text !== row.text || row.raw_blob_hash !== null) {
      await db.updateTable('account_mails').set({ text, raw_blob_hash: null }).where('id', '=', row.id).execute();
    }
    if (row.raw_blob_hash !== null) await db.deleteFrom('blobs').where('hash', '=', row.raw_blob_hash).execute();
  }
}
