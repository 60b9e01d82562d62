import { base58 } from '@scure/base';

const BASE58_32_BYTES = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
const BASE58_64_BYTES = /^[1-9A-HJ-NP-Za-km-z]{64,88}$/;

/**
 * What a base58 token would be on Solana: a 32-byte public key (an address) or a 64-byte ed25519 signature (a
 * transaction id). The length filter comes first so long tokens never reach the quadratic base58 decoder.
 */
export function solanaKindOf(token: string): 'address' | 'tx' | null {
  const wanted = BASE58_32_BYTES.test(token) ? 32 : BASE58_64_BYTES.test(token) ? 64 : 0;
  if (!wanted) return null;
  let bytes: Uint8Array;
  try {
    bytes = base58.decode(token);
  } catch {
    return null;
  }
  if (bytes.length !== wanted) return null;
  return wanted === 32 ? 'address' : 'tx';
}
