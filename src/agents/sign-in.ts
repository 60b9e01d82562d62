import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../platform/db/connect.ts';
import { ARGON2_OPTIONS } from './add-agent.ts';
import { useAgentCode } from './agent-totp.ts';
import { clearAccountFailures, recordSignInFailure, signInRetryAfter, type SignInClient } from './sign-in-rate-limit.ts';

export type SignInAgent = { id: number; email: string; name: string | null; role: 'agent' | 'admin'; totp_enabled: boolean };

export type SignInResult =
  | { kind: 'signed_in'; agent: SignInAgent }
  /** Password right, TOTP required but not set up: the agent may only enrol. */
  | { kind: 'enrolment_required'; agent: SignInAgent }
  | { kind: 'invalid_credentials' }
  | { kind: 'two_factor_required' }
  | { kind: 'invalid_code' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

// An unknown email still costs one Argon2 verification, so the response time does not say whether it exists.
let dummyHash: Promise<string> | undefined;
export function warmDummyHash(): Promise<string> {
  dummyHash ??= hash(randomBytes(24).toString('base64url'), ARGON2_OPTIONS);
  return dummyHash;
}

export async function signIn(
  db: Db,
  input: { email: string; password: string; code: string | undefined; ip: string },
  opts: { requireTotp: boolean; maxFailures: number },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const client: SignInClient = { email, ip: input.ip };
  const retryAfterSeconds = await signInRetryAfter(db, client, opts.maxFailures);
  if (retryAfterSeconds > 0) return { kind: 'rate_limited', retryAfterSeconds };

  const row = await db
    .selectFrom('agents')
    .select(['id', 'email', 'name', 'role', 'password_hash', 'active', 'require_totp', 'totp_enabled'])
    .where('email', '=', email)
    .executeTakeFirst();
  const passwordOk = await verify(row?.password_hash ?? (await warmDummyHash()), input.password).catch(() => false);
  if (!row || row.active !== 1 || !passwordOk) {
    await recordSignInFailure(db, client);
    return { kind: 'invalid_credentials' };
  }
  const agent: SignInAgent = { id: row.id, email: row.email, name: row.name, role: row.role, totp_enabled: row.totp_enabled === 1 };

  if (agent.totp_enabled) {
    const code = input.code?.trim();
    if (!code) return { kind: 'two_factor_required' };
    if (!(await useAgentCode(db, agent.id, code))) {
      await recordSignInFailure(db, client);
      return { kind: 'invalid_code' };
    }
  }
  await clearAccountFailures(db, client);
  if (!agent.totp_enabled && (opts.requireTotp || row.require_totp === 1)) return { kind: 'enrolment_required', agent };
  return { kind: 'signed_in', agent };
}

export async function signInAgentOf(db: Db, agentId: number): Promise<SignInAgent> {
  const row = await db
    .selectFrom('agents')
    .select(['id', 'email', 'name', 'role', 'totp_enabled'])
    .where('id', '=', agentId)
    .executeTakeFirstOrThrow();
  return { id: row.id, email: row.email, name: row.name, role: row.role, totp_enabled: row.totp_enabled === 1 };
}
