import type { Db } from '../platform/db/connect.ts';
import { sealText } from '../platform/encryption.ts';
import { enqueueJob } from '../platform/jobs/queue.ts';
import { redactSecretLinks } from '../platform/redact-secret-links.ts';

/** The job the mailbox handles to send an account_mails row (src/mailbox/deliver-account-mail.ts). */
export const DELIVER_ACCOUNT_MAIL_JOB = 'deliver-account-mail';

export type AccountMailDraft = { accountId: number; kind: string; to: string; locale: string; subject: string; text: string };

/** The associated data a mail's sealed text is bound to: it opens for this row and column only. */
export const accountMailTextContext = (mailId: number) => `account_mails.text:${mailId}`;

/**
 * Records a security mail and queues its delivery in one transaction, so a mail is never recorded without being
 * sent nor sent without being recorded. The mailbox adds the contact's anti-phishing phrase when it composes it.
 * The row's `text` keeps the links with their tokens redacted (hashing reset and verification tokens is undone by
 * a readable copy of the link); the clear text is sealed beside it until the mail is composed.
 */
export async function queueAccountMail(db: Db, draft: AccountMailDraft, now = Date.now()): Promise<number> {
  // Inside the caller's transaction when given one, so the mail commits with the change it tells of.
  if (db.isTransaction) return insertAndEnqueue(db, draft, now);
  return db.transaction().execute((trx) => insertAndEnqueue(trx, draft, now));
}

async function insertAndEnqueue(trx: Db, draft: AccountMailDraft, now: number): Promise<number> {
  const row = await trx
    .insertInto('account_mails')
    .values({
      account_id: draft.accountId,
      kind: draft.kind,
      to_address: draft.to,
      locale: draft.locale,
      subject: draft.subject,
      text: redactSecretLinks(draft.text),
      text_sealed: null,
      raw_sealed: null,
      status: 'queued',
      error: null,
      external_id: null,
      raw_blob_hash: null,
      created_at: now,
      sent_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Sealed once the id is known, since the id is part of what the ciphertext is bound to.
  await trx.updateTable('account_mails').set({ text_sealed: sealText(draft.text, accountMailTextContext(row.id)) }).where('id', '=', row.id).execute();
  // Codes, resets and alerts are read by someone waiting for them, or protect an account being taken over.
  await enqueueJob(trx, DELIVER_ACCOUNT_MAIL_JOB, { account_mail_id: row.id }, { priority: 'urgent' });
  return row.id;
}
