import type { Db } from '../../platform/db/connect.ts';
import { consumeSmsCode, withdrawSmsCode } from './sms-codes.ts';

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

export type SmsEnabled = { phone: string; previousPhone: string | null; wasEnabled: boolean };

/**
 * Turns SMS on for the phone the enrolment code was sent to, once that code comes back: only then do we know
 * the customer holds the phone. Answers what changed, so the caller can tell a new phone from a first enrolment.
 */
export async function confirmSmsEnrolment(db: Db, accountId: number, code: string, now = Date.now()): Promise<SmsEnabled | undefined> {
  const before = await db.selectFrom('accounts').select(['phone', 'sms_enabled_at']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const proven = await consumeSmsCode(db, accountId, 'enrol', code, now);
  if (!proven) return undefined;
  await db
    .updateTable('accounts')
    .set((eb) => ({ phone: proven.phone, phone_verified_at: now, sms_enabled_at: eb.fn.coalesce('sms_enabled_at', eb.val(now)) }))
    .where('id', '=', accountId)
    .execute();
  // Sign-in codes went to the old phone: none of them may outlive the change.
  await withdrawSmsCode(db, accountId, 'sign_in');
  return { phone: proven.phone, previousPhone: before.phone, wasEnabled: before.sms_enabled_at !== null };
}

/** SMS stops being a second factor; the verified phone stays on the account as contact information. */
export async function disableSms(db: Db, accountId: number): Promise<void> {
  await db.updateTable('accounts').set({ sms_enabled_at: null }).where('id', '=', accountId).execute();
  await withdrawSmsCode(db, accountId, 'sign_in');
}
