import { randomBytes } from 'node:crypto';
import type { Db } from '../platform/db/connect.ts';
import { sha256Hex } from '../platform/storage/blobs.ts';
import type { AuthenticatedAccount } from './account-request.ts';
import { locate, type RequestClient } from './client-of-request.ts';

export const SESSION_COOKIE = 'wd_account';
const SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

// 256 random bits, so SHA-256 suffices to make a stolen table useless; a slow hash would only slow every request.
const sessionHash = sha256Hex;

/** Starts a session after the password (and second factor) were proven; the returned id goes into the cookie only. */
export async function createAccountSession(db: Db, accountId: number, client: RequestClient, now = Date.now()): Promise<{ sessionId: string; id: number; expiresAt: number }> {
  const sessionId = randomBytes(32).toString('base64url');
  // Sessions nobody signed out of would otherwise pile up; each sign-in sweeps this account's dead ones.
  await db.deleteFrom('account_sessions').where('account_id', '=', accountId).where('expires_at', '<=', now).execute();
  const expiresAt = now + SESSION_LIFETIME_MS;
  const row = await db
    .insertInto('account_sessions')
    .values({
      account_id: accountId,
      token_hash: sessionHash(sessionId),
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: client.ip,
      country: client.country,
      city: client.city,
      user_agent: client.userAgent,
      device: client.device,
      device_hash: client.deviceHash,
      authenticated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { sessionId, id: row.id, expiresAt };
}

/**
 * The signed-in account a cookie value names: within its absolute lifetime and the idle timeout. Use refreshes the
 * idle clock (written at most every minute) and the last IP and place seen, which the sessions list shows.
 */
export async function accountForSessionCookie(db: Db, sessionId: string, idleMs: number, ip: string): Promise<AuthenticatedAccount | undefined> {
  if (!SESSION_ID.test(sessionId)) return undefined;
  const now = Date.now();
  const row = await db
    .selectFrom('account_sessions')
    .innerJoin('accounts', 'accounts.id', 'account_sessions.account_id')
    .select(['account_sessions.id as session_id', 'account_sessions.last_seen_at', 'account_sessions.expires_at', 'account_sessions.authenticated_at', 'account_sessions.ip', 'accounts.id', 'accounts.email'])
    .where('account_sessions.token_hash', '=', sessionHash(sessionId))
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.expires_at <= now || row.last_seen_at + idleMs <= now) {
    await endAccountSession(db, row.session_id);
    return undefined;
  }
  if (row.ip !== ip) {
    const { country, city } = locate(ip);
    await db.updateTable('account_sessions').set({ last_seen_at: now, ip, country, city }).where('id', '=', row.session_id).execute();
  } else if (now - row.last_seen_at >= Math.min(60_000, idleMs / 4)) {
    await db.updateTable('account_sessions').set({ last_seen_at: now }).where('id', '=', row.session_id).execute();
  }
  return { id: row.id, email: row.email, sessionId: row.session_id, authenticatedAt: row.authenticated_at };
}

export async function endAccountSession(db: Db, sessionId: number): Promise<void> {
  await db.deleteFrom('account_sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of the account but `keep` (none when undefined); returns how many ended. */
export async function revokeAccountSessions(db: Db, accountId: number, keep?: number): Promise<number> {
  let query = db.deleteFrom('account_sessions').where('account_id', '=', accountId);
  if (keep !== undefined) query = query.where('id', '!=', keep);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Re-authentication renews "recent authentication" on this session only. */
export async function markSessionAuthenticated(db: Db, sessionId: number, now = Date.now()): Promise<void> {
  await db.updateTable('account_sessions').set({ authenticated_at: now, last_seen_at: now }).where('id', '=', sessionId).execute();
}
