import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '../db/connect.ts';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Large blobs go in chunks of this size (blob_chunks), so no statement carries more than one of them. */
export const BLOB_CHUNK_BYTES = 1 << 20;

/**
 * Content-addressed storage in the database itself, so every walletdesk process on one PostgreSQL sees the same
 * files and a stored blob is exactly as durable as the row that points at it.
 */
/** `hash` when the caller already has it (hashed on another thread); it must be sha256Hex(data). */
export async function putBlob(db: Db, data: Uint8Array, now = Date.now(), hash = sha256Hex(data)): Promise<string> {
  if (data.byteLength > BLOB_CHUNK_BYTES) return putChunkedBlob(db, { hash, size: data.byteLength }, now, chunksOf(data));
  await db
    .insertInto('blobs')
    .values({ hash, size: data.byteLength, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength), created_at: now })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  return hash;
}

/**
 * A blob written to a file first (a mail spooled as it arrived), stored a chunk at a time: however large it is,
 * only one chunk is in memory. `hash` and `size` describe the file's bytes (computed while it was written).
 */
export async function putBlobFromFile(db: Db, file: { path: string; hash: string; size: number }, now = Date.now()): Promise<string> {
  return putChunkedBlob(db, file, now, fs.createReadStream(file.path, { highWaterMark: BLOB_CHUNK_BYTES }));
}

function* chunksOf(data: Uint8Array): Iterable<Uint8Array> {
  for (let at = 0; at < data.byteLength; at += BLOB_CHUNK_BYTES) yield data.subarray(at, at + BLOB_CHUNK_BYTES);
}

async function putChunkedBlob(
  db: Db,
  blob: { hash: string; size: number },
  now: number,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<string> {
  const { hash, size } = blob;
  const inserted = await db
    .insertInto('blobs')
    .values({ hash, size, data: Buffer.alloc(0), chunks: 0, created_at: now })
    .onConflict((oc) => oc.column('hash').doNothing())
    .executeTakeFirst();
  // The same bytes are stored already (content addressing): nothing more to write.
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return hash;
  let seq = 0;
  let stored = 0;
  for await (const chunk of chunks) {
    await db.insertInto('blob_chunks').values({ hash, seq: seq++, data: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) }).execute();
    stored += chunk.byteLength;
  }
  if (stored !== size) throw new Error(`blob ${hash}: expected ${size} bytes, read ${stored}`);
  await db.updateTable('blobs').set({ chunks: seq }).where('hash', '=', hash).execute();
  return hash;
}

/** The whole blob, however it is stored; undefined when there is none by that hash. */
export async function getBlob(db: Db, hash: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('blobs').select(['data', 'size', 'chunks']).where('hash', '=', hash).executeTakeFirst();
  if (!row) return undefined;
  if (row.chunks === 0) return Buffer.from(row.data);
  // One buffer of the final size, filled a chunk at a time: never the chunks and their concatenation at once.
  const out = Buffer.allocUnsafeSlow(Number(row.size));
  let at = 0;
  for (let seq = 0; seq < row.chunks; seq++) {
    const chunk = await db.selectFrom('blob_chunks').select('data').where('hash', '=', hash).where('seq', '=', seq).executeTakeFirstOrThrow();
    out.set(chunk.data, at);
    at += chunk.data.byteLength;
  }
  return out;
}
