import { randomBytes } from 'node:crypto';
import type { Db } from '../platform/db/connect.ts';
import { sha256Hex } from '../platform/storage/blobs.ts';

/** What a mailed single-use link is for, and how long it lives. */
const TOKEN_PURPOSES = {
  verify_email: 24 * 3600 * 1000,
  password_reset: 30 * 60 * 1000,
  /** The mailed link that lets a browser sign in past the account's failure ceiling (sign-in-unlock.ts). */
  sign_in_unlock: 30 * 60 * 1000,
  /** The wd_unlock cookie that link gives the browser. */
  sign_in_unlocked: 24 * 3600 * 1000,
} as const;
export type TokenPurpose = keyof typeof TOKEN_PURPOSES;

export function tokenLifetimeMs(purpose: TokenPurpose): number {
  return TOKEN_PURPOSES[purpose];
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
// 256 random bits: SHA-256 keeps a leaked table useless without making each check slow.
const tokenHash = sha256Hex;

/** A new token for the link; only its hash is stored. Earlier unused tokens of the same purpose stop working. */
export async function issueAccountToken(db: Db, accountId: number, purpose: TokenPurpose, now = Date.now()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.updateTable('account_tokens').set({ used_at: now }).where('account_id', '=', accountId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  await db
    .insertInto('account_tokens')
    .values({ account_id: accountId, purpose, token_hash: tokenHash(token), created_at: now, expires_at: now + TOKEN_PURPOSES[purpose], used_at: null })
    .execute();
  return token;
}

/** The account of a live token, without using it up (to check the form before the link is spent). */
export async function peekAccountToken(db: Db, token: string, purpose: TokenPurpose, now = Date.now()): Promise<number | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const row = await db
    .selectFrom('account_tokens')
    .select('account_id')
    .where('token_hash', '=', tokenHash(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.account_id;
}

/**
 * Uses a token up and returns its account, or undefined for an unknown, expired or used one. The update claims it
 * atomically, so two requests racing with one link cannot both succeed.
 */
export async function consumeAccountToken(db: Db, token: string, purpose: TokenPurpose, now = Date.now()): Promise<number | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const row = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('account_id')
    .executeTakeFirst();
  return row?.account_id;
}
