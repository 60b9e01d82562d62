import type { Db } from '../platform/db/connect.ts';
import { upsertContact } from '../tickets/contacts.ts';
import { consumeAccountToken } from './account-tokens.ts';

/**
 * Marks the account's email verified and links the account to the contact with that address (creating it), so
 * the customer's mail-only history and anti-phishing phrase meet the account. Undefined for a bad token.
 */
export async function verifyEmail(db: Db, token: string, now = Date.now()): Promise<{ accountId: number } | undefined> {
  return db.transaction().execute(async (trx) => {
    const accountId = await consumeAccountToken(trx, token, 'verify_email', now);
    if (accountId === undefined) return undefined;
    const account = await trx.selectFrom('accounts').select(['email', 'locale']).where('id', '=', accountId).executeTakeFirstOrThrow();
    const contactId = await upsertContact(trx, { address: account.email, name: null }, now);
    await trx.updateTable('contacts').set({ locale: account.locale }).where('id', '=', contactId).where('locale', 'is', null).execute();
    await trx.updateTable('accounts').set({ email_verified_at: now, contact_id: contactId }).where('id', '=', accountId).execute();
    return { accountId };
  });
}
