import { createHash } from 'node:crypto';
import type { Db } from '../db/connect.ts';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Content-addressed storage in the database itself, so every walletdesk process on one PostgreSQL sees the same
 * files and a stored blob is exactly as durable as the row that points at it.
 */
/** `hash` when the caller already has it (hashed on another thread); it must be sha256Hex(data). */
export async function putBlob(db: Db, data: Uint8Array, now = Date.now(), hash = sha256Hex(data)): Promise<string> {
  await db
    .insertInto('blobs')
    .values({ hash, size: data.byteLength, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength), created_at: now })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  return hash;
}

export async function getBlob(db: Db, hash: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('blobs').select('data').where('hash', '=', hash).executeTakeFirst();
  return row ? Buffer.from(row.data) : undefined;
}
