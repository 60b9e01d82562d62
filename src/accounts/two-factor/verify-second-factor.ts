import type { Db } from '../../platform/db/connect.ts';
import { useTotpCode } from './account-totp.ts';
import { normalizeRecoveryCode, recoveryCodesLeft, useRecoveryCode } from './recovery-codes.ts';
import { consumeSmsCode } from './sms-codes.ts';

export type SecondFactorMethod = 'totp' | 'sms' | 'recovery';

async function enabledFactors(db: Db, accountId: number) {
  const account = await db.selectFrom('accounts').select(['totp_enabled_at', 'sms_enabled_at']).where('id', '=', accountId).executeTakeFirst();
  return { totp: account?.totp_enabled_at != null, sms: account?.sms_enabled_at != null };
}

/** The ways this account can prove a second factor; empty when it has none (sign-in needs the password only). */
export async function secondFactorMethods(db: Db, accountId: number): Promise<SecondFactorMethod[]> {
  const on = await enabledFactors(db, accountId);
  if (!on.totp && !on.sms) return [];
  const methods: SecondFactorMethod[] = [];
  if (on.totp) methods.push('totp');
  if (on.sms) methods.push('sms');
  if ((await recoveryCodesLeft(db, accountId)) > 0) methods.push('recovery');
  return methods;
}

/**
 * Whether `code` proves the account's second factor: a TOTP code of the current step ±1 not used before, the
 * live SMS sign-in code, or an unused recovery code. Every kind works once; a used one is marked in the same
 * conditional update that accepts it, so two requests racing with one code cannot both pass.
 */
export async function verifySecondFactor(db: Db, accountId: number, code: string, now = Date.now()): Promise<boolean> {
  const on = await enabledFactors(db, accountId);
  if (!on.totp && !on.sms) return false;
  const given = code.replace(/\s/g, '');
  if (/^\d{6}$/.test(given)) {
    if (on.totp && (await useTotpCode(db, accountId, given, now))) return true;
    return on.sms && (await consumeSmsCode(db, accountId, 'sign_in', given, now)) !== undefined;
  }
  return normalizeRecoveryCode(given) !== undefined && useRecoveryCode(db, accountId, given, now);
}
