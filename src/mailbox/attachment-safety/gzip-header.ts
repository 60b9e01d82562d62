export class GzipFormatError extends Error {}

export type GzipHeader = {
  /** The file name the compressor recorded (FNAME), if any. */
  originalName: string | null;
  /** The uncompressed size modulo 2^32 from the trailer: a claim, checked when decompressing. */
  declaredSize: number;
};

const FEXTRA = 4;
const FNAME = 8;

export function readGzipHeader(bytes: Uint8Array): GzipHeader {
  if (bytes.length < 18) throw new GzipFormatError('too short for a gzip member');
  const flags = bytes[3]!;
  let at = 10;
  if (flags & FEXTRA) at += 2 + (bytes[10]! | (bytes[11]! << 8));
  let originalName: string | null = null;
  if (flags & FNAME) {
    const end = bytes.indexOf(0, at);
    if (end < 0) throw new GzipFormatError('file name is not terminated');
    originalName = new TextDecoder('latin1').decode(bytes.subarray(at, end));
  }
  const t = bytes.length - 4;
  const declaredSize = (bytes[t]! | (bytes[t + 1]! << 8) | (bytes[t + 2]! << 16) | (bytes[t + 3]! << 24)) >>> 0;
  return { originalName, declaredSize };
}
