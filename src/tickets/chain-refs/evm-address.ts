import { keccak_256 } from '@noble/hashes/sha3.js';

export const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** The EIP-55 mixed-case form of a 20-byte hex address (without or with 0x). */
export function toChecksumAddress(address: string): string {
  const lower = address.replace(/^0x/, '').toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
  let out = '0x';
  for (let i = 0; i < lower.length; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += nibble >= 8 ? lower[i]!.toUpperCase() : lower[i]!;
  }
  return out;
}

/**
 * An `0x` + 40-hex address. Single-case input carries no checksum and is accepted as written; mixed case means the
 * writer (or their wallet) applied EIP-55, so a typo shows up as a checksum failure and the token is refused.
 */
export function isEvmAddress(token: string): boolean {
  if (!EVM_ADDRESS.test(token)) return false;
  const hex = token.slice(2);
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return true;
  return toChecksumAddress(hex) === token;
}
