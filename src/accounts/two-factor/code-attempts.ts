import type { AccountSettings } from '../account-settings.ts';
import { guardsOf, lockedForSeconds, recordFailure } from '../brute-force.ts';

export type CodeCheck = { kind: 'accepted' } | { kind: 'wrong' } | { kind: 'locked_out'; retryAfterSeconds: number };

/**
 * Runs a check of a customer's code under the per-account and per-IP code limits: six digits fall to guessing
 * without them. A locked-out account's code is not even looked at, so a lockout cannot be waited out by luck.
 */
export async function checkCodeWithinLimits(
  settings: Pick<AccountSettings, 'limiter' | 'maxFailures'>,
  accountId: number,
  ip: string,
  check: () => Promise<boolean>,
): Promise<CodeCheck> {
  const guards = guardsOf('two-factor-code', String(accountId), ip, settings.maxFailures);
  const lockedFor = await lockedForSeconds(settings.limiter, [guards.account, guards.ip]);
  if (lockedFor > 0) return { kind: 'locked_out', retryAfterSeconds: lockedFor };
  if (await check()) return { kind: 'accepted' };
  await recordFailure(settings.limiter, [guards.account, guards.ip]);
  return { kind: 'wrong' };
}
