import { z } from 'zod';
import type { Db } from '../../platform/db/connect.ts';

export const withdrawalStatusJson = z.object({
  status: z.enum(['allowed', 'held', 'frozen']),
  until: z.string().optional().describe('when the hold ends (ISO 8601), for status "held"'),
  reason: z.string().optional().describe('password_changed, two_factor_changed, email_changed, phone_changed; or why the account was frozen'),
});
export type WithdrawalStatus = z.infer<typeof withdrawalStatusJson>;

type HoldColumns = { hold_until: number | null; hold_reason: string | null; frozen_at: number | null; frozen_reason: string | null };

/** A frozen account is never allowed, whatever its hold; a hold counts only until it ends. */
export function withdrawalStatusOf(account: HoldColumns, now = Date.now()): WithdrawalStatus {
  if (account.frozen_at !== null) return { status: 'frozen', ...(account.frozen_reason ? { reason: account.frozen_reason } : {}) };
  if (account.hold_until !== null && account.hold_until > now) {
    return { status: 'held', until: new Date(account.hold_until).toISOString(), ...(account.hold_reason ? { reason: account.hold_reason } : {}) };
  }
  return { status: 'allowed' };
}

/** The status of an account, or undefined when there is no such account. */
export async function withdrawalStatus(db: Db, accountId: number, now = Date.now()): Promise<WithdrawalStatus | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select(['hold_until', 'hold_reason', 'frozen_at', 'frozen_reason'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row ? withdrawalStatusOf(row, now) : undefined;
}
