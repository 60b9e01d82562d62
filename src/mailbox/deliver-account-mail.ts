import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import { accountMailTextContext } from '../accounts/queue-account-mail.ts';
import { durableTransaction, type Db } from '../platform/db/connect.ts';
import { openBytes, openText, sealBytes } from '../platform/encryption.ts';
import { PermanentJobError, type JobContext } from '../platform/jobs/worker.ts';
import { getBlob } from '../platform/storage/blobs.ts';
import { antiPhishingPhraseFor } from '../tickets/anti-phishing-phrase.ts';
import { composeMail, newMessageId } from './compose-mail.ts';
import type { SignMail } from './dkim-sign.ts';

export const deliverAccountMailPayload = z.object({ account_mail_id: z.number().int().positive() });
type Payload = z.infer<typeof deliverAccountMailPayload>;

const rawContext = (mailId: number) => `account_mails.raw:${mailId}`;

/**
 * Composes the security mail once, with the phrase the customer set on top, signs it, and stores its Message-ID
 * and bytes before the first attempt, so a retry resends the very same mail. The bytes carry live reset,
 * verification and freeze links, so they are kept sealed (platform/encryption.ts) and only until the last
 * attempt; the clear text they were made from is dropped in the same commit.
 */
async function composeAccountMailOnce(db: Db, mailId: number, from: string, sign: SignMail) {
  const mail = await db.selectFrom('account_mails').selectAll().where('id', '=', mailId).executeTakeFirst();
  if (!mail) throw new PermanentJobError(`no account mail ${mailId}`);
  if (mail.raw_sealed && mail.external_id) return { mail, raw: openBytes(mail.raw_sealed, rawContext(mailId)) };
  // Composed before migration 014 and not yet sent: its bytes are still an ordinary blob.
  if (mail.raw_blob_hash && mail.external_id) {
    const raw = await getBlob(db, mail.raw_blob_hash);
    if (raw) return { mail, raw };
  }
  const externalId = newMessageId(from);
  const composed = await composeMail({
    from,
    to: mail.to_address,
    subject: mail.subject,
    text: mail.text_sealed ? openText(mail.text_sealed, accountMailTextContext(mailId)) : mail.text,
    html: null,
    inReplyTo: null,
    references: [],
    automatic: false,
    ticketReference: '',
    antiPhishingPhrase: await antiPhishingPhraseFor(db, mail.to_address),
    locale: mail.locale,
  }, externalId);
  const raw = await sign(composed);
  await durableTransaction(db, (trx) =>
    trx.updateTable('account_mails').set({ external_id: externalId, raw_sealed: sealBytes(raw, rawContext(mailId)), text_sealed: null }).where('id', '=', mailId).execute(),
  );
  return { mail, raw };
}

/** Once no attempt is left, nothing that could still sign a customer in is kept. */
const forgetLiveCopies = { raw_sealed: null, text_sealed: null, raw_blob_hash: null } as const;

/**
 * The handler of 'deliver-account-mail'. A security mail is not an automatic answer to anything the customer
 * sent, so it goes out with our address as the envelope sender and bounces come back to us.
 */
export function deliverAccountMail(db: Db, relay: Transporter | undefined, from: string, sign: SignMail) {
  return async ({ account_mail_id: mailId }: Payload, { log }: JobContext): Promise<void> => {
    const { mail, raw } = await composeAccountMailOnce(db, mailId, from, sign);
    if (mail.status !== 'queued') return;
    if (!relay) {
      await db.updateTable('account_mails').set({ status: 'not_sent', error: 'no relay configured (WALLETDESK_SMTP_RELAY)', ...forgetLiveCopies }).where('id', '=', mailId).execute();
      return;
    }
    try {
      await relay.sendMail({ envelope: { from, to: [mail.to_address] }, raw });
    } catch (caught) {
      const err = caught as Error & { responseCode?: number };
      await db.updateTable('account_mails').set({ error: err.message.slice(0, 1000) }).where('id', '=', mailId).execute();
      // A 5xx answer is the relay's final word about this mail; 4xx and network errors may pass.
      if (err.responseCode && err.responseCode >= 500) throw new PermanentJobError(err.message);
      throw err;
    }
    // Durable before the job counts as done, as for ticket mail (deliver-message.ts).
    await durableTransaction(db, (trx) =>
      trx.updateTable('account_mails').set({ status: 'sent', sent_at: Date.now(), error: null, ...forgetLiveCopies }).where('id', '=', mailId).execute(),
    );
    log.info({ account_mail_id: mailId, kind: mail.kind }, 'account mail sent');
  };
}

/** When the last attempt failed, the mail's row says so, and its live copies go. */
export function markAccountMailFailed(db: Db) {
  return async ({ account_mail_id: mailId }: Payload, error: Error): Promise<void> => {
    await db
      .updateTable('account_mails')
      .set({ status: 'failed', error: error.message.slice(0, 1000), ...forgetLiveCopies })
      .where('id', '=', mailId)
      .where('status', '=', 'queued')
      .execute();
  };
}
