import type { Db } from '../platform/db/connect.ts';
import { passwordChangedMail } from './account-mail-texts.ts';
import { localeOf } from './account-profile.ts';
import { revokeAccountSessions } from './account-sessions.ts';
import type { AccountSettings } from './account-settings.ts';
import { hashPassword } from './password-hash.ts';
import { checkPassword, passwordPolicyOf, type WeakPassword } from './password-policy.ts';
import { queueAccountMail } from './queue-account-mail.ts';
import { freezeLinkUrl } from './security/freeze-link.ts';
import { holdHoursOf, startWithdrawalHold } from './withdrawal-hold.ts';

type Settings = Pick<AccountSettings, 'passwordMinLength' | 'passwordRequireMix' | 'withdrawalHoldMs' | 'secret' | 'publicUrl'>;

export type NewPasswordResult = { kind: 'changed' } | { kind: 'weak_password'; verdict: WeakPassword } | { kind: 'not_claimed' };

/**
 * Sets a new password once the caller proved the old one or holds a reset link: every session but `keepSession`
 * ends, withdrawals are held, and the owner gets a notice with a freeze link. `claim` runs first in the same
 * transaction (using up a reset token) and its false changes nothing; a weak password is refused before it runs.
 */
export async function setNewPassword(
  db: Db,
  settings: Settings,
  accountId: number,
  password: string,
  opts: { keepSession?: number; claim?: (trx: Db) => Promise<boolean> } = {},
): Promise<NewPasswordResult> {
  const account = await db.selectFrom('accounts').select(['email', 'locale']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const verdict = await checkPassword(password, account.email, passwordPolicyOf(settings));
  if (!verdict.ok) return { kind: 'weak_password', verdict };
  const passwordHash = await hashPassword(password);
  const now = Date.now();
  const locale = localeOf(account.locale);
  return db.transaction().execute(async (trx): Promise<NewPasswordResult> => {
    if (opts.claim && !(await opts.claim(trx))) return { kind: 'not_claimed' };
    await trx.updateTable('accounts').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', accountId).execute();
    await revokeAccountSessions(trx, accountId, opts.keepSession);
    await startWithdrawalHold(trx, accountId, 'password_changed', settings, now);
    const mail = passwordChangedMail(locale, holdHoursOf(settings), freezeLinkUrl(settings, accountId, now));
    await queueAccountMail(trx, { accountId, kind: 'password_changed', to: account.email, locale, ...mail });
    return { kind: 'changed' };
  });
}
