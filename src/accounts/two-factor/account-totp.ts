import type { Db } from '../../platform/db/connect.ts';
import { openText, sealText } from '../../platform/encryption.ts';
import { totpSealContext } from '../../platform/totp-at-rest.ts';
import { matchTotpCode, newTotpEnrolment, type TotpEnrolment } from '../../platform/totp.ts';

// TOTP secrets are sealed at rest (platform/encryption.ts), bound to their account and column.
const secretContext = (accountId: number) => totpSealContext('accounts', 'totp_secret', accountId);
const pendingContext = (accountId: number) => totpSealContext('accounts', 'totp_pending_secret', accountId);

export class TotpAlreadyEnabledError extends Error {}

/**
 * A new secret for the customer's authenticator, kept pending until a code from it is confirmed. A working
 * authenticator is never replaced from here: a stolen session could otherwise swap in the thief's phone.
 */
export async function startTotpEnrolment(db: Db, accountId: number, email: string): Promise<TotpEnrolment> {
  const enrolment = await newTotpEnrolment(email);
  const updated = await db
    .updateTable('accounts')
    .set({ totp_pending_secret: sealText(enrolment.secret, pendingContext(accountId)) })
    .where('id', '=', accountId)
    .where('totp_enabled_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new TotpAlreadyEnabledError('an authenticator app is already set up: remove it first (DELETE /2fa/totp)');
  return enrolment;
}

/** Turns TOTP on when the code comes from the pending secret; that code's step counts as used. */
export async function confirmTotpEnrolment(db: Db, accountId: number, code: string, now = Date.now()): Promise<boolean> {
  const account = await db.selectFrom('accounts').select(['totp_pending_secret', 'totp_enabled_at']).where('id', '=', accountId).executeTakeFirstOrThrow();
  if (account.totp_enabled_at !== null || !account.totp_pending_secret) return false;
  const secret = openText(account.totp_pending_secret, pendingContext(accountId));
  const step = await matchTotpCode(secret, code, null, now);
  if (step === undefined) return false;
  const updated = await db
    .updateTable('accounts')
    .set({ totp_secret: sealText(secret, secretContext(accountId)), totp_pending_secret: null, totp_enabled_at: now, totp_last_step: step })
    .where('id', '=', accountId)
    .where('totp_pending_secret', '=', account.totp_pending_secret)
    .where('totp_enabled_at', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * Checks a code against the account's authenticator and claims its time step in one conditional update, so a
 * code works once even when two requests carry it at the same moment.
 */
export async function useTotpCode(db: Db, accountId: number, code: string, now = Date.now()): Promise<boolean> {
  const account = await db
    .selectFrom('accounts')
    .select(['totp_secret', 'totp_last_step'])
    .where('id', '=', accountId)
    .where('totp_enabled_at', 'is not', null)
    .executeTakeFirst();
  if (!account?.totp_secret) return false;
  const step = await matchTotpCode(openText(account.totp_secret, secretContext(accountId)), code, account.totp_last_step, now);
  if (step === undefined) return false;
  const claimed = await db
    .updateTable('accounts')
    .set({ totp_last_step: step })
    .where('id', '=', accountId)
    .where('totp_secret', '=', account.totp_secret)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** Forgets the authenticator; whether that leaves the account without any second factor is the caller's call. */
export async function disableTotp(db: Db, accountId: number): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', accountId)
    .execute();
}
