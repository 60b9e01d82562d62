import { createHash } from 'node:crypto';
import { clientIpGroup } from '../platform/client-ip-group.ts';
import type { Db } from '../platform/db/connect.ts';
import { SIGNIN_WINDOW_MS } from './session-settings.ts';

export type SignInClient = { email: string; ip: string };

// Counted in the database, so every desk process on one PostgreSQL shares the limit.
function keysOf(client: SignInClient) {
  const digest = (v: string) => createHash('sha256').update(v).digest('hex');
  return [
    { scope: 'account' as const, key_hash: digest(`account:${client.email}`) },
    // IPv6 by its /64: one subscriber can use any address in it.
    { scope: 'ip' as const, key_hash: digest(`ip:${clientIpGroup(client.ip)}`) },
  ];
}

/**
 * Seconds until this client may try again, or 0. Unknown emails are counted exactly like real ones, so the limit
 * cannot tell anyone which addresses are agents.
 */
export async function signInRetryAfter(db: Db, client: SignInClient, maxFailures: number): Promise<number> {
  const now = Date.now();
  let waitMs = 0;
  for (const key of keysOf(client)) {
    const recent = await db
      .selectFrom('agent_signin_failures')
      .select('created_at')
      .where('scope', '=', key.scope)
      .where('key_hash', '=', key.key_hash)
      .where('created_at', '>', now - SIGNIN_WINDOW_MS)
      .orderBy('created_at', 'desc')
      .limit(maxFailures)
      .execute();
    // The oldest of the last maxFailures failures leaving the window brings the count under the limit.
    if (recent.length >= maxFailures) waitMs = Math.max(waitMs, recent[recent.length - 1]!.created_at + SIGNIN_WINDOW_MS - now);
  }
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

export async function recordSignInFailure(db: Db, client: SignInClient): Promise<void> {
  const now = Date.now();
  const keys = keysOf(client);
  await db.insertInto('agent_signin_failures').values(keys.map((k) => ({ ...k, created_at: now }))).execute();
  for (const key of keys) {
    await db
      .deleteFrom('agent_signin_failures')
      .where('scope', '=', key.scope)
      .where('key_hash', '=', key.key_hash)
      .where('created_at', '<=', now - SIGNIN_WINDOW_MS)
      .execute();
  }
}

/** A successful sign-in forgets the account's failures; the IP's stay, as other accounts may be under attack from it. */
export async function clearAccountFailures(db: Db, client: SignInClient): Promise<void> {
  const account = keysOf(client)[0]!;
  await db.deleteFrom('agent_signin_failures').where('scope', '=', account.scope).where('key_hash', '=', account.key_hash).execute();
}
