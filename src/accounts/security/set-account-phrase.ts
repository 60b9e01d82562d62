import type { Db } from '../../platform/db/connect.ts';
import { setAntiPhishingPhrase } from '../../tickets/anti-phishing-phrase.ts';
import { upsertContact } from '../../tickets/contacts.ts';

export class EmailNotVerifiedError extends Error {}

/**
 * Sets the phrase on the contact of the account's address, the one every mail to that address reads it from.
 * Only a verified address may: otherwise anyone could sign up with someone else's address and write the phrase
 * that person's mail would show, then phish them with it.
 */
export async function setAccountPhrase(db: Db, accountId: number, phrase: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const account = await trx.selectFrom('accounts').select(['email', 'email_verified_at', 'contact_id']).where('id', '=', accountId).executeTakeFirstOrThrow();
    if (account.email_verified_at === null) throw new EmailNotVerifiedError('verify your email address before setting an anti-phishing phrase');
    const contactId = account.contact_id ?? (await upsertContact(trx, { address: account.email, name: null }));
    if (account.contact_id === null) await trx.updateTable('accounts').set({ contact_id: contactId }).where('id', '=', accountId).execute();
    await setAntiPhishingPhrase(trx, contactId, phrase);
  });
}
