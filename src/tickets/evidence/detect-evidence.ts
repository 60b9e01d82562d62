/**
 * Recognisers for the facts a report should carry: when it happened, which asset, how much, on which network,
 * which transaction. They read Chinese and English as customers write them ("昨晚10点多", "2 hours ago",
 * "转了1000U", "0.5 ETH via ERC20") and prefer missing a fact to inventing one: a false "found" means we never
 * ask for something the agent then has to chase.
 *
 * Every pattern here sees text an attacker chooses, so each one is linear: a run of digits, numerals or spaces is
 * matched by a bounded repetition ({0,30}, not *), so a failing attempt at one position costs a constant and a
 * megabyte of "1111…" or "一二三…" costs one pass (an unbounded run tried from every position of a long run is
 * quadratic: 60 KB of digits once took a minute). The bounds are far above any real amount or pause between
 * words. Each recogniser also reads only the first MAX_SCAN_CHARS of its text.
 */

/** What a recogniser reads of its text: far more than any report (the triage corpus's longest is under 2 KB). */
const MAX_SCAN_CHARS = 128_000;
const head = (text: string) => (text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text);

const TIME_PATTERNS: RegExp[] = [
  // English relative and absolute times.
  /\b(?:yesterday|today|tonight|this (?:morning|afternoon|evening|week|month)|last (?:night|week|month|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i,
  /\b(?:\d{1,6}|an?|one|two|three|few|several|couple of) (?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?) ago\b/i,
  /\b(?:for|since|over|after|in the (?:last|past)) (?:the (?:last|past) )?(?:\d{1,6}|an?|one|two|three|few|several) (?:minutes?|mins?|hours?|hrs?|days?|weeks?)\b/i,
  /\b\d{1,6}\s{0,6}(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\s{0,6}(?:了|now\b|already\b)/i,
  /\b(?:on |since |last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i,
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.? \d{1,2}(?:st|nd|rd|th)?\b/i,
  /\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i,
  /\b(?:on|since) the \d{1,2}(?:st|nd|rd|th)\b/i,
  /\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/,
  /\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?\b|\b\d{1,2}\s?[ap]\.?m\.?(?![a-z])/i,
  /\b(?:at|around) (?:noon|midnight)\b/i,
  // Chinese.
  /昨天|今天|前天|今早|今晚|昨晚|昨夜|刚才|刚刚|今日|昨日|上午|下午|晚上|凌晨|中午|早上|傍晚|半夜|上周|本周|这周|上个月|这个月|本月|周末/,
  /(?:周|星期|礼拜)[一二三四五六日天]/,
  /\d{1,2}\s{0,6}月\s{0,6}\d{1,2}\s{0,6}[日号]|\d{4}\s{0,6}年|\d{1,2}\s{0,6}号/,
  /\d{1,2}\s{0,6}[点時时]/,
  /(?:\d{1,6}|[一两二三四五六七八九十几半]{1,12})\s{0,6}(?:个\s{0,6})?(?:多)?(?:小时|钟头|分钟|天|周|星期|月)(?:了|前|之前|以前|左右)/,
  /(?:已经|都)\s{0,6}(?:\d{1,6}|[一两二三四五六七八九十几半]{1,12})\s{0,6}(?:个\s{0,6})?(?:多)?(?:小时|钟头|分钟|天|周|星期)/,
];

type Asset = { symbol: string; re: RegExp; native?: string };

// A coin that lives on one chain names its network too: nobody sends "BTC" on anything but Bitcoin here.
// Multi-chain assets (ETH, USDT, USDC, BNB, tokens) need the network said.
const ASSETS: Asset[] = [
  { symbol: 'BTC', re: /\bbtc\b|\bbitcoins?\b|比特币|大饼/i, native: 'Bitcoin' },
  { symbol: 'ETH', re: /\beth\b|\bether\b|以太币|以太(?!坊网络|坊链|坊主网)|姨太/i },
  { symbol: 'USDT', re: /\busdt\b|\btether\b|泰达币|(?:\d|[一两二三四五六七八九十百千万])\s{0,6}(?:个\s{0,6})?[uU](?![a-zA-Z])/i },
  { symbol: 'USDC', re: /\busdc\b/i },
  { symbol: 'BNB', re: /\bbnb\b(?! (?:smart )?chain)|币安币/i },
  { symbol: 'TRX', re: /\btrx\b|波场币/i, native: 'Tron' },
  { symbol: 'SOL', re: /\bsol\b|\bsolana\b(?! (?:network|chain))/i, native: 'Solana' },
  { symbol: 'XRP', re: /\bxrp\b|\bripple\b|瑞波币/i, native: 'XRP Ledger' },
  { symbol: 'DOGE', re: /\bdoge(?:coin)?\b|狗狗币/i, native: 'Dogecoin' },
  { symbol: 'LTC', re: /\bltc\b|\blitecoin\b|莱特币/i, native: 'Litecoin' },
  { symbol: 'BCH', re: /\bbch\b|比特现金/i, native: 'Bitcoin Cash' },
  { symbol: 'ADA', re: /\bADA\b|\bcardano\b/, native: 'Cardano' },
  { symbol: 'DOT', re: /\bDOT\b|\bpolkadot\b/i, native: 'Polkadot' },
  { symbol: 'TON', re: /\bTON\b|\btoncoin\b/, native: 'TON' },
  { symbol: 'XLM', re: /\bxlm\b|\bstellar\b/i, native: 'Stellar' },
  { symbol: 'EOS', re: /\bEOS\b/, native: 'EOS' },
  { symbol: 'DAI', re: /\bDAI\b/ },
  { symbol: 'MATIC', re: /\bmatic\b|\bPOL\b/i },
  { symbol: 'AVAX', re: /\bavax\b/i },
  { symbol: 'SHIB', re: /\bshib\b/i },
  { symbol: 'PEPE', re: /\bpepe\b/i },
  { symbol: 'ARB', re: /\bARB\b/ },
  { symbol: 'WBTC', re: /\bwbtc\b/i },
  { symbol: 'FDUSD', re: /\bfdusd\b/i },
];

const NETWORKS: Array<{ name: string; re: RegExp }> = [
  { name: 'ERC20', re: /\berc-?20\b/i },
  { name: 'TRC20', re: /\btrc-?20\b/i },
  { name: 'BEP20', re: /\bbep-?20\b|\bbsc\b|\bbnb (?:smart )?chain\b|币安(?:智能)?链/i },
  { name: 'BEP2', re: /\bbep-?2\b/i },
  { name: 'Ethereum', re: /\bethereum(?: main)?(?: ?net(?:work)?| chain| mainnet| blockchain)\b|\b(?:on|via|over|using|through) (?:the )?ethereum\b|以太坊(?:网络|链|主网)|etherscan/i },
  { name: 'Bitcoin', re: /\bbitcoin (?:network|chain|mainnet|blockchain)\b|\b(?:on|via|over|using|through) (?:the )?bitcoin\b|比特币(?:网络|链|主网)|mempool\.space|blockstream/i },
  { name: 'Lightning', re: /\blightning\b|闪电网络/i },
  { name: 'Tron', re: /\btron\b|波场|tronscan/i },
  { name: 'Solana', re: /\bsolana (?:network|chain|mainnet)\b|\b(?:on|via|over|using|through) solana\b|\bspl\b|索拉纳|solscan/i },
  { name: 'Polygon', re: /\bpolygon\b|马蹄链|polygonscan/i },
  { name: 'Arbitrum', re: /\barbitrum\b|\barbiscan\b/i },
  { name: 'Optimism', re: /\boptimism\b/i },
  { name: 'Base', re: /\bbase (?:network|chain|mainnet)\b|\b(?:on|via|over|using) base\b|basescan/i },
  { name: 'Avalanche', re: /\bavalanche\b|\bc-chain\b/i },
  { name: 'TON', re: /\bton (?:network|chain)\b/i },
  { name: 'Omni', re: /\bomni\b/i },
];

const FIAT = /[$€£¥]\s?\d|\d[\d,.]{0,30}\s?(?:usd|eur|gbp|cny|rmb|dollars?|euros?)\b|\d[\d,.]{0,30}\s?(?:美元|美金|元|块|欧元|人民币|刀)/i;
const ZH_NUMBER = '[零〇一二两三四五六七八九十百千万亿]{1,12}';
const NUMBER = String.raw`\d[\d,]{0,30}(?:\.\d{1,18})?`;
// Amounts are numbers with a unit that makes them money: a ticker, "U", a currency; a bare "0.5" may be a version.
const AMOUNT = new RegExp(
  [
    String.raw`${NUMBER}\s{0,6}(?:(?:个|枚)\s{0,6})?(?:k\s{0,6})?(?:btc|eth|usdt|usdc|bnb|trx|sol|xrp|doge|ltc|bch|ada|dot|ton|xlm|eos|dai|matic|pol|avax|shib|pepe|arb|wbtc|fdusd|u)(?![a-z])`,
    String.raw`\b(?:btc|eth|usdt|usdc|bnb|trx|sol|xrp|doge|ltc)\s{0,6}(?:[::]\s{0,6})?\d`,
    `${ZH_NUMBER}(?:多)?\\s{0,6}(?:(?:个|枚)\\s{0,6})?(?:比特币|以太坊|以太币|泰达币|[uU](?![a-zA-Z])|btc|eth|usdt|usdc|BTC|ETH|USDT|USDC)`,
    String.raw`${NUMBER}\s{0,6}(?:(?:个|枚)\s{0,6})?(?:比特币|以太坊|以太币|泰达币|狗狗币)`,
    String.raw`\bamount (?:of|is|was|:)\s{0,6}\d`,
    String.raw`(?:金额|数量)(?:是|为|:|:)?\s{0,6}\d`,
  ].join('|'),
  'i',
);
// "一共是3500个" says how much once the asset is named elsewhere.
const COUNTED = new RegExp(String.raw`${NUMBER}\s{0,6}(?:个|枚)(?![月小天人星])`);

const TX_HASH =
  /\b0x[0-9a-f]{64}\b|(?<![0-9a-z])[0-9a-f]{64}(?![0-9a-z])|\/(?:tx|transaction|txid)\/[0-9a-z]{20}|#\/transaction\/[0-9a-f]{64}|\b(?:txid|tx id|tx hash|transaction hash|transaction id|hash|哈希|交易哈希|交易id|交易ID)\s{0,6}(?:[::]\s{0,6})?[0-9a-zA-Z]{30}|(?<![1-9A-HJ-NP-Za-km-z])[1-9A-HJ-NP-Za-km-z]{86,88}(?![1-9A-HJ-NP-Za-km-z])/i;

const TRON_ADDRESS = /(?<![1-9A-HJ-NP-Za-km-z])T[1-9A-HJ-NP-Za-km-z]{33}(?![1-9A-HJ-NP-Za-km-z])/;
const BITCOIN_ADDRESS = /\bbc1[02-9ac-hj-np-z]{25,59}\b|(?<![1-9A-HJ-NP-Za-km-z])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![1-9A-HJ-NP-Za-km-z])/;

export function timesIn(text: string): boolean {
  const t = head(text);
  return TIME_PATTERNS.some((re) => re.test(t));
}

export function assetsIn(text: string): Asset[] {
  const t = head(text);
  return ASSETS.filter((a) => a.re.test(t));
}

export function networksIn(full: string): string[] {
  const text = head(full);
  const found = NETWORKS.filter((n) => n.re.test(text)).map((n) => n.name);
  if (TRON_ADDRESS.test(text)) found.push('Tron');
  if (BITCOIN_ADDRESS.test(text)) found.push('Bitcoin');
  return [...new Set(found)];
}

/**
 * A network is known when it is named, when a chain reference pins it, or when every asset mentioned lives on a
 * single chain.
 */
export function networkKnown(text: string, refChains: readonly string[]): boolean {
  if (networksIn(text).length > 0 || refChains.some((c) => networkOfChain(c) !== undefined)) return true;
  const assets = assetsIn(text);
  return assets.length > 0 && assets.every((a) => a.native !== undefined);
}

export function amountIn(full: string): boolean {
  const text = head(full);
  return AMOUNT.test(text) || FIAT.test(text) || (COUNTED.test(text) && assetsIn(text).length > 0);
}

export function txHashIn(text: string): boolean {
  return TX_HASH.test(head(text));
}

/**
 * How much the customer said in their own words: a Han character carries about as much as two-thirds of an
 * English word. Hashes, addresses and links are evidence, not description, so they do not count.
 */
export function descriptionWeight(text: string): number {
  // Token by token: a regex for addresses scanning a long unspaced Chinese body would be quadratic.
  const prose = head(text)
    .split(/\s+/)
    .filter((token) => !token.includes('@') && !/^https?:\/\//i.test(token))
    .join(' ')
    .replace(/\b(?:0x)?[0-9a-fA-F]{30,}\b|[1-9A-HJ-NP-Za-km-z]{25,}/g, ' ');
  const han = prose.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = prose.match(/\p{Script=Latin}{2,}/gu)?.length ?? 0;
  return han + 1.5 * words;
}

// Words that say nothing about the problem: a subject made only of them is not a clear subject.
const GENERIC_SUBJECT_WORDS = new Set(
  'help hi hello hey dear sir madam question questions urgent asap problem problems issue issues support please pls plz need needed important request inquiry enquiry query team customer service no subject test re fw fwd ticket my me the a an i you your we our with about for to of and or some again still waiting reply answer contact info hello there thanks thank regarding hola attention'.split(
    ' ',
  ),
);
const GENERIC_SUBJECT_ZH = /你好|您好|求助|帮忙|帮帮我|请帮|救命|紧急|着急|急|问题|咨询|请问|客服|在吗|有人吗|无主题|回复|转发|谢谢|麻烦|一下|关于|的|了|我|你们|请|求|一个|有|啊|吧|呢|吗/g;

/** Subject words that remain once greetings, pleas and reply prefixes are gone. */
export function subjectSubstance(subject: string): { latinWords: number; han: number } {
  const cleaned = head(subject)
    .normalize('NFKC')
    .replace(/^\s*(?:(?:re|fw|fwd|aw|回复|答复|转发)\s*[::]\s*|\[[^\]]{0,40}\]\s*)+/gi, '')
    .toLowerCase();
  const latinWords = (cleaned.match(/\p{Script=Latin}{3,}/gu) ?? []).filter((w) => !GENERIC_SUBJECT_WORDS.has(w)).length;
  const han = cleaned.replace(GENERIC_SUBJECT_ZH, '').match(/\p{Script=Han}/gu)?.length ?? 0;
  return { latinWords, han };
}

/** A chain the reference names, as a network we would otherwise ask for; "evm" alone does not say which chain. */
export function networkOfChain(chain: string): string | undefined {
  const c = chain.trim().toLowerCase();
  if (!c || /^(?:evm|unknown|eth-like|ethereum-compatible|any)$/.test(c)) return undefined;
  return c;
}
