import { decodeBase58check } from './base58check.ts';

const TRON_MAINNET_PREFIX = 0x41;
const TRON_BASE58 = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;

/** A TRON base58 address: Base58Check holds and the payload is 0x41 followed by a 20-byte account id. */
export function isTronAddress(token: string): boolean {
  if (!TRON_BASE58.test(token)) return false;
  const payload = decodeBase58check(token);
  return payload?.length === 21 && payload[0] === TRON_MAINNET_PREFIX;
}
