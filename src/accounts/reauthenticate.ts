import type { Db } from '../platform/db/connect.ts';
import type { AuthenticatedAccount } from './account-request.ts';
import { markSessionAuthenticated } from './account-sessions.ts';
import type { AccountSettings } from './account-settings.ts';
import { countFailedProof, credentialGuards, credentialsLockedFor, forgetFailures, proveCredentials } from './credentials.ts';
import type { SecondFactorMethod } from './two-factor/verify-second-factor.ts';

export type ReauthResult =
  | { kind: 'reauthenticated' }
  | { kind: 'invalid_credentials' }
  | { kind: 'two_factor_required'; methods: SecondFactorMethod[] }
  | { kind: 'locked_out'; retryAfterSeconds: number };

/** Renews "recent authentication" of this session after the password (and second factor) are proven again. */
export async function reauthenticate(
  db: Db,
  settings: Pick<AccountSettings, 'limiter' | 'maxFailures' | 'secret' | 'publicUrl'>,
  signedIn: AuthenticatedAccount,
  input: { password: string; code?: string; ip: string },
): Promise<ReauthResult> {
  const guards = credentialGuards(signedIn.email, input.ip, settings.maxFailures);
  const retryAfterSeconds = await credentialsLockedFor(settings, guards);
  if (retryAfterSeconds > 0) return { kind: 'locked_out', retryAfterSeconds };
  const account = await db.selectFrom('accounts').selectAll().where('id', '=', signedIn.id).executeTakeFirstOrThrow();
  const proof = await proveCredentials(db, account, input.password, input.code);
  if (proof.kind === 'wrong_password' || (proof.kind === 'two_factor_required' && proof.wrongCode)) {
    await countFailedProof(db, settings, guards, account);
  }
  if (proof.kind === 'wrong_password') return { kind: 'invalid_credentials' };
  if (proof.kind === 'two_factor_required') return { kind: 'two_factor_required', methods: proof.methods };
  await forgetFailures(settings, guards);
  await markSessionAuthenticated(db, signedIn.sessionId);
  return { kind: 'reauthenticated' };
}
