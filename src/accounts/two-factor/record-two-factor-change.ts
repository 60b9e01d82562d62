import type { Db } from '../../platform/db/connect.ts';
import { localeOf } from '../account-profile.ts';
import type { AccountSettings } from '../account-settings.ts';
import { queueAccountMail } from '../queue-account-mail.ts';
import { freezeLinkUrl } from '../security/freeze-link.ts';
import { holdHoursOf, startWithdrawalHold } from '../withdrawal-hold.ts';
import { phoneChangedMail, twoFactorChangedMail, type TwoFactorChange } from './two-factor-notices.ts';

/**
 * After any change to second factors: withdrawals are held (a thief who got in must not change 2FA and empty the
 * wallet in one sitting) and the owner gets a notice with a freeze link. A replaced phone number is its own
 * notice and hold reason, because the phone is also how support recognises the customer.
 */
export async function recordTwoFactorChange(
  db: Db,
  settings: Pick<AccountSettings, 'withdrawalHoldMs' | 'secret' | 'publicUrl'>,
  accountId: number,
  change: TwoFactorChange | { phoneChangedTo: string },
  now = Date.now(),
): Promise<void> {
  const account = await db.selectFrom('accounts').select(['email', 'locale']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const locale = localeOf(account.locale);
  const holdHours = holdHoursOf(settings);
  const freezeUrl = freezeLinkUrl(settings, accountId, now);
  const phoneChange = typeof change === 'object';
  await startWithdrawalHold(db, accountId, phoneChange ? 'phone_changed' : 'two_factor_changed', settings, now);
  const mail = phoneChange ? phoneChangedMail(locale, change.phoneChangedTo, holdHours, freezeUrl) : twoFactorChangedMail(locale, change, holdHours, freezeUrl);
  await queueAccountMail(db, { accountId, kind: phoneChange ? 'phone_changed' : 'two_factor_changed', to: account.email, locale, ...mail }, now);
}
