import type { Db } from '../platform/db/connect.ts';
import type { AccountSettings } from './account-settings.ts';

export type HoldReason = 'password_changed' | 'two_factor_changed' | 'email_changed' | 'phone_changed';

/**
 * Holds withdrawals for WALLETDESK_WITHDRAWAL_HOLD_HOURS after a credential change: whoever stole a password cannot
 * change it and empty the wallet in one sitting. A hold already running longer is never shortened.
 */
export async function startWithdrawalHold(db: Db, accountId: number, reason: HoldReason, settings: Pick<AccountSettings, 'withdrawalHoldMs'>, now = Date.now()): Promise<number> {
  const until = now + settings.withdrawalHoldMs;
  await db
    .updateTable('accounts')
    .set({ hold_until: until, hold_reason: reason })
    .where('id', '=', accountId)
    .where((eb) => eb.or([eb('hold_until', 'is', null), eb('hold_until', '<', until)]))
    .execute();
  return until;
}

/** The hold's length as the mails state it: "24", or "0.5" for an operator's half hour. */
export function holdHoursOf(settings: Pick<AccountSettings, 'withdrawalHoldMs'>): number {
  return Math.round(settings.withdrawalHoldMs / 360_000) / 10;
}
