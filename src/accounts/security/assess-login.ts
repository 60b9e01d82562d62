import type { Db } from '../../platform/db/connect.ts';
import { localeOf } from '../account-profile.ts';
import type { AccountSettings } from '../account-settings.ts';
import { queueAccountMail } from '../queue-account-mail.ts';
import { accountFactors } from './account-factors.ts';
import { freezeLinkUrl } from './freeze-link.ts';
import { newDeviceMail, unusualSignInMail } from './security-mail-text.ts';
import { unusualLoginReasons, type FlagReason, type SignInHistory, type SignInPlace } from './unusual-login-rules.ts';

export type LoginToAssess = {
  accountId: number;
  /** The account_logins row of this (successful) sign-in, already written. */
  loginId: number;
  ip: string;
  country: string | null;
  city?: string | null;
  latitude: number | null;
  longitude: number | null;
  deviceHash: string;
  device: string;
  at: number;
};

const HOUR_MS = 3_600_000;

/**
 * What the rules need from the account's earlier sign-ins, whatever their number: each device and country seen
 * on a success (one row per pair), the latest success with a known place, and the failures of the last hour.
 */
async function signInHistory(db: Db, login: LoginToAssess): Promise<SignInHistory> {
  const earlier = db
    .selectFrom('account_logins')
    .where('account_id', '=', login.accountId)
    .where('success', '=', 1)
    .where('id', '!=', login.loginId)
    .where('at', '<=', login.at);
  const seen = await earlier
    .select(['device_hash', 'country', (eb) => eb.fn.max('at').as('at')])
    .groupBy(['device_hash', 'country'])
    .execute();
  const located = await earlier
    .select(['at', 'country', 'device_hash', 'latitude', 'longitude'])
    .where('latitude', 'is not', null)
    .where('longitude', 'is not', null)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const failures = await db
    .selectFrom('account_logins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', login.accountId)
    .where('success', '=', 0)
    .where('at', '>=', login.at - HOUR_MS)
    .where('at', '<', login.at)
    .executeTakeFirstOrThrow();
  const successes: SignInPlace[] = seen.map((s) => ({ at: Number(s.at), country: s.country, deviceHash: s.device_hash, latitude: null, longitude: null }));
  if (located) successes.push({ at: located.at, country: located.country, deviceHash: located.device_hash, latitude: located.latitude, longitude: located.longitude });
  return { successes, failuresLastHour: Number(failures.n) };
}

/**
 * Runs the unusual-login rules on a successful sign-in, records the verdict on its login row and mails the
 * customer: the unusual-sign-in alert, or for a merely new device the new-device notice, each with a freeze link.
 */
export async function assessLogin(db: Db, settings: Pick<AccountSettings, 'secret' | 'publicUrl'>, login: LoginToAssess): Promise<FlagReason[]> {
  const reasons = unusualLoginReasons(
    { at: login.at, country: login.country, latitude: login.latitude, longitude: login.longitude, deviceHash: login.deviceHash },
    await signInHistory(db, login),
  );
  if (reasons.length === 0) return reasons;

  const account = await db.selectFrom('accounts').select(['email', 'locale']).where('id', '=', login.accountId).executeTakeFirstOrThrow();
  const locale = localeOf(account.locale);
  const details = { at: login.at, ip: login.ip, country: login.country, city: login.city ?? null, device: login.device };
  const freezeUrl = freezeLinkUrl(settings, login.accountId);
  const onlyNewDevice = reasons.length === 1 && reasons[0] === 'new_device';
  const mail = onlyNewDevice ? newDeviceMail(locale, details, freezeUrl) : unusualSignInMail(locale, details, reasons, freezeUrl, await accountFactors(db, login.accountId));

  await db
    .updateTable('account_logins')
    .set({ flagged: 1, flag_reasons: JSON.stringify(reasons) })
    .where('id', '=', login.loginId)
    .where('account_id', '=', login.accountId)
    .execute();
  await queueAccountMail(db, {
    accountId: login.accountId,
    kind: onlyNewDevice ? 'new_device_login' : 'unusual_login',
    to: account.email,
    locale,
    ...mail,
  });
  return reasons;
}
