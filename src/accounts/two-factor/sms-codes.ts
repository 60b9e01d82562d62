import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../platform/db/connect.ts';

export const SMS_CODE_TTL_MS = 10 * 60 * 1000;
/** Wrong tries a code survives: five guesses at one in a million leave a thief nothing to work with. */
export const SMS_CODE_MAX_ATTEMPTS = 5;

/** `enrol` proves a new phone; `sign_in` is a second factor at sign-in. A code of one purpose never serves the other. */
export type SmsCodePurpose = 'enrol' | 'sign_in';

/**
 * Codes are kept hashed so backups and replicas never hold one that works. Six digits cannot resist someone who
 * reads the live table and tries all million within ten minutes, but such a reader also holds the TOTP secrets,
 * so a keyed hash would add nothing; the account id in the input keeps one precomputed table from fitting all.
 */
function codeHash(accountId: number, code: string): Buffer {
  return createHash('sha256').update(`${accountId}:${code}`).digest();
}

/** A new 6-digit code for the phone; earlier unused codes of the same purpose stop working. */
export async function issueSmsCode(db: Db, accountId: number, purpose: SmsCodePurpose, phone: string, now = Date.now()): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('account_sms_codes').where('account_id', '=', accountId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
    await trx
      .insertInto('account_sms_codes')
      .values({ account_id: accountId, purpose, phone, code_hash: codeHash(accountId, code).toString('hex'), created_at: now, expires_at: now + SMS_CODE_TTL_MS, used_at: null })
      .execute();
  });
  return code;
}

/** Takes back a code that never reached the phone, so it cannot be guessed while the customer retries. */
export async function withdrawSmsCode(db: Db, accountId: number, purpose: SmsCodePurpose): Promise<void> {
  await db.deleteFrom('account_sms_codes').where('account_id', '=', accountId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}

/**
 * Uses the account's live code of the purpose when `code` matches it, answering the phone it was sent to. Each
 * try is counted before the comparison, in one conditional update, so parallel guesses cannot exceed the limit.
 */
export async function consumeSmsCode(db: Db, accountId: number, purpose: SmsCodePurpose, code: string, now = Date.now()): Promise<{ phone: string } | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const live = await db
    .selectFrom('account_sms_codes')
    .select(['id', 'phone', 'code_hash'])
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!live) return undefined;
  const counted = await db
    .updateTable('account_sms_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', live.id)
    .where('used_at', 'is', null)
    .where('attempts', '<', SMS_CODE_MAX_ATTEMPTS)
    .executeTakeFirst();
  if (Number(counted.numUpdatedRows) !== 1) return undefined;
  if (!timingSafeEqual(Buffer.from(live.code_hash, 'hex'), codeHash(accountId, code))) return undefined;
  const used = await db.updateTable('account_sms_codes').set({ used_at: now }).where('id', '=', live.id).where('used_at', 'is', null).executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? { phone: live.phone } : undefined;
}
