import type { Db } from '../platform/db/connect.ts';
import { normalizeAddress } from '../tickets/contacts.ts';
import type { AccountSettings } from './account-settings.ts';
import type { RequestClient } from './client-of-request.ts';
import { countFailedProof, credentialGuards, credentialsLockedFor, forgetFailures, proveCredentials, unlockRequiredFor } from './credentials.ts';
import { recordLoginAttempt } from './login-activity.ts';
import { isUnlockedBrowser, offerUnlockLink } from './sign-in-unlock.ts';
import type { SecondFactorMethod } from './two-factor/verify-second-factor.ts';

export type SignInResult =
  | { kind: 'signed_in'; accountId: number; loginId: number; at: number }
  | { kind: 'invalid_credentials' }
  | { kind: 'two_factor_required'; methods: SecondFactorMethod[] }
  | { kind: 'locked_out'; retryAfterSeconds: number }
  /** Past the account's ceiling over all networks: the browser needs the mailed unlock link (same for unknown emails). */
  | { kind: 'unlock_required'; retryAfterSeconds: number };

/**
 * One sign-in attempt, recorded in the login activity whatever its outcome. Unknown emails are counted towards
 * the lockout exactly like real ones, so neither the answer nor the limits tell anyone which addresses exist.
 * Failures lock out the network they come from, never the customer on another one; past the account's ceiling
 * over all networks, only a browser holding the account's mailed unlock link (`unlockCookie`) may try.
 */
export async function signIn(
  db: Db,
  settings: Pick<AccountSettings, 'limiter' | 'maxFailures' | 'secret' | 'publicUrl'>,
  input: { email: string; password: string; code?: string; unlockCookie?: string },
  client: RequestClient,
): Promise<SignInResult> {
  const email = normalizeAddress(input.email);
  const guards = credentialGuards(email, client.ip, settings.maxFailures);
  const account = await db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
  const accountId = account?.id ?? null;

  const retryAfterSeconds = await credentialsLockedFor(settings, guards);
  if (retryAfterSeconds > 0) {
    await recordLoginAttempt(db, { accountId, client, success: false, failure: 'locked_out' });
    return { kind: 'locked_out', retryAfterSeconds };
  }
  const ceilingSeconds = await unlockRequiredFor(settings, guards);
  if (ceilingSeconds > 0 && !(await isUnlockedBrowser(db, input.unlockCookie, accountId))) {
    await recordLoginAttempt(db, { accountId, client, success: false, failure: 'unlock_required' });
    await offerUnlockLink(db, settings, email, account);
    return { kind: 'unlock_required', retryAfterSeconds: ceilingSeconds };
  }

  const proof = await proveCredentials(db, account, input.password, input.code);
  if (proof.kind === 'wrong_password' || (proof.kind === 'two_factor_required' && proof.wrongCode)) {
    const failure = proof.kind === 'two_factor_required' ? 'wrong_code' : account ? 'wrong_password' : 'unknown_email';
    await recordLoginAttempt(db, { accountId, client, success: false, failure });
    await countFailedProof(db, settings, guards, account);
  }
  if (proof.kind === 'wrong_password' || !account) return { kind: 'invalid_credentials' };
  if (proof.kind === 'two_factor_required') return { kind: 'two_factor_required', methods: proof.methods };

  await forgetFailures(settings, guards);
  const at = Date.now();
  const loginId = await recordLoginAttempt(db, { accountId: account.id, client, success: true }, at);
  return { kind: 'signed_in', accountId: account.id, loginId, at };
}
