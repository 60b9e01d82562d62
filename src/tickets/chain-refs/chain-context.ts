export type Chain = 'bitcoin' | 'evm' | 'tron' | 'solana';

/** Explorer hosts that serve one chain family; a subdomain (sepolia.etherscan.io) counts as its parent. */
const SINGLE_CHAIN_EXPLORERS: Record<string, Chain> = {
  'mempool.space': 'bitcoin',
  'blockstream.info': 'bitcoin',
  'btc.com': 'bitcoin',
  'btcscan.org': 'bitcoin',
  'etherscan.io': 'evm',
  'bscscan.com': 'evm',
  'polygonscan.com': 'evm',
  'arbiscan.io': 'evm',
  'basescan.org': 'evm',
  'snowtrace.io': 'evm',
  'ftmscan.com': 'evm',
  'lineascan.build': 'evm',
  'tronscan.org': 'tron',
  'tronscan.io': 'tron',
  'solscan.io': 'solana',
  'explorer.solana.com': 'solana',
  'solana.fm': 'solana',
  'solanabeach.io': 'solana',
};

/** Explorers of many chains, where a path segment names the chain (blockchair.com/bitcoin/transaction/…). */
const MULTI_CHAIN_EXPLORERS = ['blockchair.com', 'blockchain.com', 'oklink.com', 'blockcypher.com', 'tokenview.io'];

const PATH_SEGMENT_CHAINS: Record<string, Chain> = {
  bitcoin: 'bitcoin', btc: 'bitcoin',
  ethereum: 'evm', eth: 'evm', bsc: 'evm', polygon: 'evm', arbitrum: 'evm', base: 'evm', optimism: 'evm',
  tron: 'tron', trx: 'tron',
  solana: 'solana', sol: 'solana',
};

function hostMatches(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** The chain a block-explorer URL is about, or null when the URL is not a known explorer's. */
export function explorerChain(url: string): Chain | null {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#:]+)(?::\d+)?([/?#].*)?$/i.exec(url);
  if (!m) return null;
  const host = m[1]!.toLowerCase().replace(/^www\./, '');
  for (const [domain, chain] of Object.entries(SINGLE_CHAIN_EXPLORERS)) {
    if (hostMatches(host, domain)) return chain;
  }
  if (!MULTI_CHAIN_EXPLORERS.some((d) => hostMatches(host, d))) return null;
  for (const segment of (m[2] ?? '').toLowerCase().split(/[/?#=&]/)) {
    const chain = PATH_SEGMENT_CHAINS[segment];
    if (chain) return chain;
  }
  return null;
}

export type UrlSpan = { start: number; end: number; chain: Chain | null };

// URLs stop at whitespace and at the first non-ASCII character, so "…/tx/0xab…请查" ends before 请. A bare
// "etherscan.io/tx/…" (no scheme) is how people often paste, hence the second branch.
const URL_PATTERN = /(?:https?:\/\/|www\.)[\x21-\x7e]+|(?<![\w.@-])(?:[a-z0-9-]+\.)+[a-z]{2,}\/[\x21-\x7e]*/gi;

// Sentence punctuation after a pasted link is not part of it.
const TRAILING_PUNCTUATION = new Set('.,;:!?\'")]}>');

/** The link without its trailing punctuation, by a scan from the end: a pattern anchored at $ would retry every run. */
function withoutTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(url[end - 1] ?? '')) end--;
  return url.slice(0, end);
}

export function urlSpans(text: string): UrlSpan[] {
  const spans: UrlSpan[] = [];
  for (const m of text.matchAll(URL_PATTERN)) {
    const url = withoutTrailingPunctuation(m[0]);
    spans.push({ start: m.index, end: m.index + url.length, chain: explorerChain(url) });
  }
  return spans;
}

function domainsOf(chain: Chain): string {
  return Object.entries(SINGLE_CHAIN_EXPLORERS)
    .filter(([, c]) => c === chain)
    .map(([d]) => d.replace(/\./g, '\\.'))
    .join('|');
}

// Words customers use for each chain, in English and Chinese. "SOL" is matched only in capitals because "sol" is
// an ordinary word in several languages; the others are distinctive in any case.
const MENTIONS: [Chain, RegExp][] = [
  ['bitcoin', new RegExp(`bitcoin|\\bBTC\\b|比特币|比特幣|\\bsegwit\\b|\\btaproot\\b|${domainsOf('bitcoin')}`, 'gi')],
  ['evm', new RegExp(`ethereum|\\bETH\\b|以太坊|\\bERC-?20\\b|\\bBEP-?20\\b|\\bBSC\\b|币安智能链|\\bpolygon\\b|\\barbitrum\\b|metamask|小狐狸|${domainsOf('evm')}`, 'gi')],
  ['tron', new RegExp(`\\btron\\b|\\bTRX\\b|\\bTRC-?20\\b|\\bTRC-?10\\b|波场|波場|tronlink|${domainsOf('tron')}`, 'gi')],
  ['solana', new RegExp(`solana|索拉纳|索拉納|\\bphantom\\b|${domainsOf('solana')}`, 'gi')],
  ['solana', /\bSOL\b/g],
];

export type Mention = { chain: Chain; start: number; end: number };

export function chainMentions(text: string): Mention[] {
  const found: Mention[] = [];
  for (const [chain, pattern] of MENTIONS) {
    for (const m of text.matchAll(pattern)) found.push({ chain, start: m.index, end: m.index + m[0].length });
  }
  return found.sort((a, b) => a.start - b.start);
}

const LOOK_BEHIND = 120;
const LOOK_AHEAD = 60;

/** Index of the first mention starting at or after `pos` (mentions are sorted by start). */
function firstFrom(mentions: readonly Mention[], pos: number): number {
  let lo = 0;
  let hi = mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mentions[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The chain the words around a value point at: the nearest mention before it (people name the asset, then paste
 * the hash), else the nearest shortly after it, else the only chain the whole text talks about.
 */
export function nearbyChain(mentions: readonly Mention[], start: number, end: number): Chain | null {
  let i = firstFrom(mentions, start) - 1;
  while (i >= 0 && mentions[i]!.end > start) i--;
  const before = i >= 0 ? mentions[i]! : undefined;
  if (before && start - before.end <= LOOK_BEHIND) return before.chain;
  const after = mentions[firstFrom(mentions, end)];
  if (after && after.start - end <= LOOK_AHEAD) return after.chain;
  const chains = new Set(mentions.map((m) => m.chain));
  return chains.size === 1 ? [...chains][0]! : null;
}
