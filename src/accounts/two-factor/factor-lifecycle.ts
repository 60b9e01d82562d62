import type { Db } from '../../platform/db/connect.ts';
import { replaceRecoveryCodes, voidRecoveryCodes } from './recovery-codes.ts';
import { secondFactorMethods } from './verify-second-factor.ts';

export async function hasSecondFactor(db: Db, accountId: number): Promise<boolean> {
  return (await secondFactorMethods(db, accountId)).length > 0;
}

/**
 * Recovery codes for a factor just turned on: the first factor always brings a set (without one, a lost phone
 * locks the customer out); a later factor only when asked, since replacing codes voids the ones on paper.
 */
export async function recoveryCodesForNewFactor(db: Db, accountId: number, wasFirst: boolean, requested: boolean | undefined): Promise<string[] | undefined> {
  return wasFirst || requested ? replaceRecoveryCodes(db, accountId) : undefined;
}

/** After a factor is turned off: with none left, recovery codes must not act as a second factor on their own. */
export async function forgetRecoveryCodesIfNoFactorLeft(db: Db, accountId: number): Promise<void> {
  if (!(await hasSecondFactor(db, accountId))) await voidRecoveryCodes(db, accountId);
}
