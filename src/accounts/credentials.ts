import type { Selectable } from 'kysely';
import type { Db } from '../platform/db/connect.ts';
import type { AccountTable } from '../platform/db/schema.ts';
import { lockoutMail } from './account-mail-texts.ts';
import { localeOf } from './account-profile.ts';
import type { AccountSettings } from './account-settings.ts';
import { firstInWindow, lockedForSeconds, passwordGuards, recordFailure } from './brute-force.ts';
import { verifyPassword } from './password-hash.ts';
import { queueAccountMail } from './queue-account-mail.ts';
import { freezeLinkUrl } from './security/freeze-link.ts';
import { secondFactorMethods, verifySecondFactor, type SecondFactorMethod } from './two-factor/verify-second-factor.ts';

type AccountRow = Selectable<AccountTable>;
type Settings = Pick<AccountSettings, 'limiter' | 'maxFailures' | 'secret' | 'publicUrl'>;

export type Proof =
  | { kind: 'proven' }
  | { kind: 'wrong_password' }
  /** `wrongCode`: a code was given and refused (a failure), as against none given yet (the form's next step). */
  | { kind: 'two_factor_required'; methods: SecondFactorMethod[]; wrongCode: boolean };

/**
 * The password, then the second factor when the account has one on. With no account the password is still
 * verified (against a dummy hash), so an unknown email costs the same time as a wrong password.
 */
export async function proveCredentials(db: Db, account: AccountRow | undefined, password: string, code: string | undefined): Promise<Proof> {
  if (!(await verifyPassword(account?.password_hash, password)) || !account) return { kind: 'wrong_password' };
  const methods = await secondFactorMethods(db, account.id);
  if (methods.length === 0) return { kind: 'proven' };
  const given = code?.trim();
  if (!given) return { kind: 'two_factor_required', methods, wrongCode: false };
  if (!(await verifySecondFactor(db, account.id, given))) return { kind: 'two_factor_required', methods, wrongCode: true };
  return { kind: 'proven' };
}

export type CredentialGuards = ReturnType<typeof passwordGuards>;

/** Sign-in and re-authentication share these counters: a stolen session must not buy more password guesses. */
export function credentialGuards(email: string, ip: string, maxFailures: number): CredentialGuards {
  return passwordGuards(email, ip, maxFailures);
}

/** Seconds the client's network must wait before it may try this account (or any) again; 0 when it may. */
export function credentialsLockedFor(settings: Settings, guards: CredentialGuards): Promise<number> {
  return lockedForSeconds(settings.limiter, [guards.networkAccount, guards.network]);
}

/** Seconds until the account is under its ceiling over all networks again; until then signing in needs an unlock link. */
export function unlockRequiredFor(settings: Settings, guards: CredentialGuards): Promise<number> {
  return lockedForSeconds(settings.limiter, [guards.account]);
}

/**
 * Counts a failed proof on every guard. The failure that locks a network out of the account mails its owner, once
 * per window however many networks are locked out (the notice must not become a way to flood the mailbox).
 */
export async function countFailedProof(db: Db, settings: Settings, guards: CredentialGuards, account: Pick<AccountRow, 'id' | 'email' | 'locale'> | undefined): Promise<void> {
  const reached = await recordFailure(settings.limiter, [guards.networkAccount, guards.network, guards.account]);
  if (!account || !reached.includes(guards.networkAccount)) return;
  if (!(await firstInWindow(settings.limiter, 'sign-in:lockout-mail', String(account.id)))) return;
  const locale = localeOf(account.locale);
  const mail = lockoutMail(locale, settings.maxFailures, freezeLinkUrl(settings, account.id));
  await queueAccountMail(db, { accountId: account.id, kind: 'lockout', to: account.email, locale, ...mail });
}

/**
 * A successful proof forgets this network's failures on the account. The network's own count stays (other
 * accounts may be under attack from it), and so does the ceiling: one sign-in of the owner must not hand a botnet
 * a fresh budget of guesses.
 */
export async function forgetFailures(settings: Settings, guards: CredentialGuards): Promise<void> {
  await settings.limiter.clear(guards.networkAccount.bucket, guards.networkAccount.key);
}
