import { bech32, bech32m } from '@scure/base';
import { decodeBase58check } from './base58check.ts';

const P2PKH_VERSION = 0x00;
const P2SH_VERSION = 0x05;
const BASE58_LEGACY = /^[13][1-9A-HJ-NP-Za-km-z]{24,34}$/;
// One case throughout, as BIP-173 demands; the lengths are those a mainnet segwit address can have.
const SEGWIT = /^(?:bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71})$/;

/** A mainnet P2PKH (1…) or P2SH (3…) address whose Base58Check checksum holds. */
export function isLegacyBitcoinAddress(token: string): boolean {
  if (!BASE58_LEGACY.test(token)) return false;
  const payload = decodeBase58check(token);
  return payload?.length === 21 && (payload[0] === P2PKH_VERSION || payload[0] === P2SH_VERSION);
}

/**
 * A mainnet segwit address valid under BIP-173 and BIP-350: version 0 must use Bech32 and carry a 20- or 32-byte
 * program; versions 1–16 must use Bech32m (so a taproot address checksummed the old way is refused).
 */
export function isSegwitAddress(token: string): boolean {
  if (!SEGWIT.test(token)) return false;
  const lower = token.toLowerCase();
  const asBech32 = bech32.decodeUnsafe(lower, 90);
  const decoded = asBech32 || bech32m.decodeUnsafe(lower, 90);
  if (!decoded || decoded.prefix !== 'bc' || decoded.words.length === 0) return false;
  const version = decoded.words[0]!;
  if (version > 16) return false;
  if ((version === 0) !== Boolean(asBech32)) return false;
  const program = bech32.fromWordsUnsafe(decoded.words.slice(1));
  if (!program || program.length < 2 || program.length > 40) return false;
  return version !== 0 || program.length === 20 || program.length === 32;
}
