import { sha256 } from '@noble/hashes/sha2.js';
import { createBase58check } from '@scure/base';

const codec = createBase58check(sha256);

/** The payload of a Base58Check string (version byte included), or null when the checksum does not hold. */
export function decodeBase58check(text: string): Uint8Array | null {
  try {
    return codec.decode(text);
  } catch {
    return null;
  }
}
