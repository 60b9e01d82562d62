import { constants, gunzipSync, inflateRawSync } from 'node:zlib';
import { VERIFY_IN_MEMORY_BYTES } from './limits.ts';
import { InflateError, inflatedSize } from './zip-inflated-size.ts';

export class EntryBytesError extends Error {}

const HEAD_BYTES = 4096;
// Deflate expands at most about 1032:1, so n input bytes never produce more than 1032·n: each try's ceiling holds.
// Small tries first, so a highly compressible entry is sniffed from a few bytes instead of a megabyte of output.
const HEAD_TRIES = [64, 256, 1024].map((input) => ({ input, maxOutput: input * 1040 }));

const STORED = 0;
const DEFLATED = 8;

export function canReadMethod(method: number): boolean {
  return method === STORED || method === DEFLATED;
}

/** The first few KiB of an archive entry, decompressed from only the start of its data. */
export function entryHead(data: Uint8Array, method: number): Uint8Array {
  if (method === STORED) return data.subarray(0, HEAD_BYTES);
  let out: Uint8Array = new Uint8Array();
  for (const { input, maxOutput } of HEAD_TRIES) {
    try {
      out = inflateRawSync(data.subarray(0, input), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxOutput });
    } catch {
      throw new EntryBytesError('its compressed data is damaged');
    }
    if (out.length >= HEAD_BYTES || input >= data.length) break;
  }
  return out.subarray(0, HEAD_BYTES);
}

function tooBig(err: unknown): boolean {
  return err instanceof RangeError || (err as { code?: string })?.code === 'ERR_BUFFER_TOO_LARGE';
}

/**
 * A whole entry, decompressed with its declared size as a hard ceiling: an entry that lies about its size stops
 * at the lie instead of filling memory.
 */
export function entryBytes(data: Uint8Array, method: number, declaredSize: number): Uint8Array {
  if (method === STORED) {
    if (data.length !== declaredSize) throw new EntryBytesError('its stored size differs from the size it declares');
    return data;
  }
  let out: Buffer;
  try {
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, declaredSize) });
  } catch (err) {
    throw new EntryBytesError(tooBig(err) ? 'it expands beyond the size it declares' : 'its compressed data is damaged');
  }
  if (out.length !== declaredSize) throw new EntryBytesError('it expands to a different size than it declares');
  return out;
}

/**
 * Checks that an entry expands to exactly the size it declares, by expanding all of it: the listing is only the
 * archive's word, and extractors write whatever the data really holds. Never holds more than
 * VERIFY_IN_MEMORY_BYTES of output, however big the entry really is.
 */
export function verifyEntrySize(data: Uint8Array, method: number, declaredSize: number): void {
  if (method === STORED) {
    if (data.length !== declaredSize) throw new EntryBytesError('its stored size differs from the size it declares');
    return;
  }
  if (declaredSize <= VERIFY_IN_MEMORY_BYTES) {
    entryBytes(data, method, declaredSize);
    return;
  }
  let measured;
  try {
    measured = inflatedSize(data, declaredSize);
  } catch (err) {
    if (err instanceof InflateError) throw new EntryBytesError('its compressed data is damaged');
    throw err;
  }
  if (measured.overCap) throw new EntryBytesError('it expands beyond the size it declares');
  if (measured.size !== declaredSize) throw new EntryBytesError('it expands to a different size than it declares');
}

/** A gzip file's content, with the trailer's size claim as the ceiling. */
export function gunzipBounded(bytes: Uint8Array, declaredSize: number): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, declaredSize) });
  } catch (err) {
    if (tooBig(err)) throw new EntryBytesError('it expands beyond the size it declares');
    // zlib compares the trailer's size with what it produced once the stream ends within the ceiling.
    if (/length check/.test((err as Error)?.message ?? '')) throw new EntryBytesError('it expands to a different size than it declares');
    throw new EntryBytesError('its compressed data is damaged');
  }
}
