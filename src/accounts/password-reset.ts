import type { Db } from '../platform/db/connect.ts';
import { normalizeAddress } from '../tickets/contacts.ts';
import { passwordResetMail } from './account-mail-texts.ts';
import { localeOf } from './account-profile.ts';
import type { AccountSettings } from './account-settings.ts';
import { consumeAccountToken, issueAccountToken, peekAccountToken } from './account-tokens.ts';
import { guardsOf, lockedForSeconds, recordFailure } from './brute-force.ts';
import { setNewPassword, type NewPasswordResult } from './password-change.ts';
import { queueAccountMail } from './queue-account-mail.ts';
import { holdHoursOf } from './withdrawal-hold.ts';

/**
 * Mails a reset link when the address has an account; the answer is the same either way. Requests are limited
 * per address and per IP, counted alike for unknown addresses, so nobody can flood a mailbox or probe with it.
 */
export async function requestPasswordReset(
  db: Db,
  settings: Pick<AccountSettings, 'limiter' | 'maxFailures' | 'publicUrl' | 'withdrawalHoldMs'>,
  input: { email: string; ip: string },
): Promise<{ retryAfterSeconds: number }> {
  const email = normalizeAddress(input.email);
  const guards = guardsOf('password-reset', email, input.ip, settings.maxFailures);
  const retryAfterSeconds = await lockedForSeconds(settings.limiter, [guards.account, guards.ip]);
  if (retryAfterSeconds > 0) return { retryAfterSeconds };
  await recordFailure(settings.limiter, [guards.account, guards.ip]);

  const account = await db.selectFrom('accounts').select(['id', 'email', 'locale']).where('email', '=', email).executeTakeFirst();
  if (account) {
    const locale = localeOf(account.locale);
    const token = await issueAccountToken(db, account.id, 'password_reset');
    const mail = passwordResetMail(locale, settings.publicUrl, token, holdHoursOf(settings));
    await queueAccountMail(db, { accountId: account.id, kind: 'password_reset', to: account.email, locale, ...mail });
  }
  return { retryAfterSeconds: 0 };
}

/** Sets the password a reset link allows: the link is spent only when the new password is accepted. */
export async function confirmPasswordReset(db: Db, settings: AccountSettings, token: string, password: string): Promise<NewPasswordResult | { kind: 'invalid_token' }> {
  const accountId = await peekAccountToken(db, token, 'password_reset');
  if (accountId === undefined) return { kind: 'invalid_token' };
  const result = await setNewPassword(db, settings, accountId, password, {
    claim: async (trx) => (await consumeAccountToken(trx, token, 'password_reset')) === accountId,
  });
  return result.kind === 'not_claimed' ? { kind: 'invalid_token' } : result;
}
