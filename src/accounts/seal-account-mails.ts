import type { Db } from '../platform/db/connect.ts';
import { sealText } from '../platform/encryption.ts';
import { redactSecretLinks } from '../platform/redact-secret-links.ts';
import { accountMailTextContext } from './queue-account-mail.ts';

/**
 * Security mail queued by a desk from before migration 014 keeps its live links in `text`: the clear text moves
 * into `text_sealed` and `text` keeps the redacted copy, as queueAccountMail does now. (Mail already sent was
 * redacted by the migration itself, which needs no key.) Conditional on the text, so it never overwrites a row
 * that changed meanwhile.
 */
export async function sealQueuedAccountMails(db: Db): Promise<number> {
  const rows = await db.selectFrom('account_mails').select(['id', 'text']).where('status', '=', 'queued').where('text_sealed', 'is', null).where('raw_sealed', 'is', null).execute();
  let sealed = 0;
  for (const row of rows) {
    const updated = await db
      .updateTable('account_mails')
      .set({ text_sealed: sealText(row.text, accountMailTextContext(row.id)), text: redactSecretLinks(row.text) })
      .where('id', '=', row.id)
      .where('text', '=', row.text)
      .where('text_sealed', 'is', null)
      .executeTakeFirst();
    sealed += Number(updated.numUpdatedRows);
  }
  return sealed;
}
