import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';

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

/** The phrase for a recipient address, if that contact set one. */
export async function antiPhishingPhraseFor(db: Db, address: string): Promise<string | null> {
  const row = await db
    .selectFrom('contacts')
    .select('anti_phishing_phrase')
    .where('email', '=', address.trim().toLowerCase())
    .executeTakeFirst();
  return row?.anti_phishing_phrase ?? null;
}
