import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import type { MessageTable } from '../platform/db/schema.ts';

export const antiPhishingPhrase = z
  .string()
  .trim()
  .min(4, 'phrase must be at least 4 characters')
  .max(64, 'phrase must be at most 64 characters')
  .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), 'phrase must not contain control or invisible characters');

/** Sets (or, with null, clears) the phrase a contact sees at the top of every mail we send them. */
export async function setAntiPhishingPhrase(db: Db, contactId: number, phrase: string | null): Promise<boolean> {
  const res = await db
    .updateTable('contacts')
    .set({ anti_phishing_phrase: phrase })
    .where('id', '=', contactId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/**
 * Whether a message we send may carry the recipient's anti-phishing phrase. The phrase tells the customer "every
 * word under this is the desk's"; it is worth exactly as much as that promise. So it is printed only in mail whose
 * subject and body were written entirely by us or by an agent:
 *
 * - agent replies: yes. The agent wrote the body; the subject is ours (reply.ts never repeats the customer's).
 * - acknowledgements: never. Anyone can cause one (a form post, a forged From), and for a proven sender it
 *   repeats their subject; automatic mail that can hold an outsider's words never sits under the phrase.
 * - security mail to account holders (deliver-account-mail.ts): yes; those texts are ours, filled only with
 *   our own records (times, places, a device label).
 *
 * A new kind of outbound message gets no phrase until it is added here on purpose.
 */
export function phrasePrintedIn(kind: MessageTable['kind']): boolean {
  return kind === 'reply';
}

/** The phrase to print in a ticket message we send, or null when the rule above says it must not appear. */
export async function antiPhishingPhraseForOutbound(db: Db, kind: MessageTable['kind'], address: string): Promise<string | null> {
  return phrasePrintedIn(kind) ? antiPhishingPhraseFor(db, address) : null;
}

/** The phrase for a recipient address, if that contact set one. */
export async function antiPhishingPhraseFor(db: Db, address: string): Promise<string | null> {
  const row = await db
    .selectFrom('contacts')
    .select('anti_phishing_phrase')
    .where('email', '=', address.trim().toLowerCase())
    .executeTakeFirst();
  return row?.anti_phishing_phrase ?? null;
}
