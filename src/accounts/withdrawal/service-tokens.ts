import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../platform/db/connect.ts';
import { sha256Hex } from '../../platform/storage/blobs.ts';

// A prefix of its own, so a service token can never be mistaken for (or accepted as) an agent's wd_ token.
const PREFIX = 'wds_';

/** Creates a token for a machine (the wallet backend); it is returned once and only its SHA-256 is stored. */
export async function createServiceToken(db: Db, name: string): Promise<string> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  await db.insertInto('service_tokens').values({ name, token_hash: sha256Hex(token), created_at: Date.now(), last_used_at: null }).execute();
  return token;
}

/** The service a bearer token belongs to, if it is one of ours. */
export async function serviceForToken(db: Db, token: string): Promise<{ id: number; name: string } | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const digest = sha256Hex(token);
  const row = await db.selectFrom('service_tokens').select(['id', 'name', 'token_hash', 'last_used_at']).where('token_hash', '=', digest).executeTakeFirst();
  // The index lookup already matched; the constant-time compare keeps the check itself free of timing leaks.
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(digest))) return undefined;
  const now = Date.now();
  // Written at most once a minute: the wallet backend may ask many times a second.
  if (row.last_used_at === null || now - row.last_used_at > 60_000) {
    await db.updateTable('service_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { id: row.id, name: row.name };
}
