import { isLegacyBitcoinAddress, isSegwitAddress } from './bitcoin-address.ts';
import { chainMentions, nearbyChain, urlSpans, type Chain, type Mention, type UrlSpan } from './chain-context.ts';
import { isEvmAddress } from './evm-address.ts';
import { solanaKindOf } from './solana-value.ts';
import { isTronAddress } from './tron-address.ts';

export type ChainRef = {
  kind: 'tx' | 'address';
  /** 'unknown' for a bare 64-hex hash whose chain nothing in the text tells. */
  chain: Chain | 'unknown';
  /** Hex values in lower case (EVM ones with 0x); bech32 in lower case; base58 exactly as written. */
  value: string;
};

// A run of ASCII letters and digits not touching another letter, digit or underscore: CJK text, punctuation and
// URL separators end a token, so "地址是0xAb…请查" yields the address while "abc0x…" or "0x…_v2" yield nothing.
const TOKEN = /(?<![0-9A-Za-z_])[0-9A-Za-z]{14,120}(?![0-9A-Za-z_])/g;
const EVM_TX = /^0x[0-9a-fA-F]{64}$/;
/** What is searched for references: thousands of them, far beyond any customer's mail and its attached records. */
const MAX_SCAN_CHARS = 256_000;
const BARE_HASH = /^[0-9a-fA-F]{64}$/;

type Where = { inUrl: boolean; explorer: Chain | null; nearby: () => Chain | null; textMentionsSolana: boolean };

function classify(token: string, where: Where): ChainRef | null {
  if (token.startsWith('0x')) {
    if (isEvmAddress(token)) return { kind: 'address', chain: 'evm', value: token.toLowerCase() };
    if (EVM_TX.test(token)) return { kind: 'tx', chain: 'evm', value: token.toLowerCase() };
    return null;
  }
  if (BARE_HASH.test(token)) {
    // Inside some other site's link a 64-hex run is far more often a token or a file digest than a transaction.
    if (where.inUrl && !where.explorer) return null;
    // A hash with no digits or no letters is a pattern someone typed, not a digest.
    if (!/[0-9]/.test(token) || !/[a-fA-F]/.test(token)) return null;
    const hex = token.toLowerCase();
    const chain = where.explorer ?? where.nearby();
    if (chain === 'evm') return { kind: 'tx', chain, value: `0x${hex}` };
    if (chain === 'bitcoin' || chain === 'tron') return { kind: 'tx', chain, value: hex };
    return { kind: 'tx', chain: 'unknown', value: hex };
  }
  if (/^bc1/i.test(token)) return isSegwitAddress(token) ? { kind: 'address', chain: 'bitcoin', value: token.toLowerCase() } : null;
  if (isLegacyBitcoinAddress(token)) return { kind: 'address', chain: 'bitcoin', value: token };
  if (isTronAddress(token)) return { kind: 'address', chain: 'tron', value: token };
  // Solana values carry no checksum, so in any link but a Solana explorer's they are more likely ids or tokens.
  if (where.inUrl && where.explorer !== 'solana') return null;
  const solana = solanaKindOf(token);
  // A 32-byte base58 string is a common shape (ids, tokens, keys), so it counts only where Solana is named; a
  // 64-byte one (86–88 characters) has no other everyday meaning in wallet mail.
  if (solana === 'address' && (where.explorer === 'solana' || where.textMentionsSolana)) return { kind: 'address', chain: 'solana', value: token };
  if (solana === 'tx') return { kind: 'tx', chain: 'solana', value: token };
  return null;
}

/**
 * The transaction ids and wallet addresses in a customer's text, each once, in order of first appearance. Every
 * address form that carries a checksum is verified, so a mistyped address is not offered as a link; when a hash
 * appears again with better context, its first entry takes the more specific chain.
 */
export function findChainRefs(full: string): ChainRef[] {
  // References are pasted near what the customer says; a longer text is a log or an export, read in its first part.
  const text = full.length > MAX_SCAN_CHARS ? full.slice(0, MAX_SCAN_CHARS) : full;
  const refs: ChainRef[] = [];
  const byKey = new Map<string, ChainRef>();
  let context: { spans: UrlSpan[]; mentions: Mention[]; mentionsSolana: boolean } | null = null;
  let nextSpan = 0;
  for (const m of text.matchAll(TOKEN)) {
    const token = m[0];
    const start = m.index;
    const end = start + token.length;
    if (!context) {
      const mentions = chainMentions(text);
      context = { spans: urlSpans(text), mentions, mentionsSolana: mentions.some((x) => x.chain === 'solana') };
    }
    const { spans, mentions, mentionsSolana } = context;
    // Tokens and URL spans both come in text order, so one forward pointer finds the span around each token.
    while (nextSpan < spans.length && spans[nextSpan]!.end <= start) nextSpan++;
    const around = spans[nextSpan];
    const span = around && around.start <= start && end <= around.end ? around : undefined;
    const ref = classify(token, {
      inUrl: Boolean(span),
      explorer: span?.chain ?? null,
      nearby: () => nearbyChain(mentions, start, end),
      textMentionsSolana: mentionsSolana,
    });
    if (!ref) continue;
    const key = `${ref.kind}:${ref.value.replace(/^0x(?=[0-9a-f]{64}$)/, '')}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, ref);
      refs.push(ref);
    } else if (seen.chain === 'unknown' && ref.chain !== 'unknown') {
      seen.chain = ref.chain;
      seen.value = ref.value;
    }
  }
  return refs;
}
