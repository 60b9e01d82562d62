import { matchesOf } from './matches-of.ts';

/**
 * Whether a phrase such as "hacked" or "被盗" is claimed, denied, feared or wondered about. Customers write "my
 * account was not hacked, but my withdrawal is stuck" and "如何防止账户被盗", and neither is an urgent takeover.
 * Only the text before the phrase is read (its clause for negation, fear and doubt; its sentence for conditions
 * and hearsay): a cheap approximation of scope that handles the common shapes.
 *
 * Chinese is segmented into words because negation is a word, not a character: 不 negates, 不知道 doubts,
 * and 是不是 asks.
 */
export type ClaimContext = 'asserted' | 'negated' | 'hypothetical' | 'uncertain';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

const CLAUSE_BREAK = /[.!?;。!?;\n,,:]|\b(?:but|however|though|although)\b|但是|但|不过|可是|然而|结果/gi;

/** How many words back a negation still reaches ("has not actually been hacked"). */
const NEGATION_REACH = 5;

const NEGATOR_EN = /^(?:not|no|never|nothing|none|nobody|neither|nor|without|\w+n't|cannot)$/i;
const NEGATOR_ZH = /^(?:并|还|也|都|从|我|均|可)?(?:没有?|未|不是?|并未|并非|非|无|从未|从没)(?:被|有)?$/;
// A negation of knowing, not of the claim: "not sure if I was hacked", "不确定是否被盗".
const DOUBT_AFTER_NEGATOR = /^(?:sure|certain|know|knowing|idea|clear|确定|知道|清楚|晓得|肯定|敢)$/i;
const DOUBT =
  /^(?:maybe|perhaps|possibly|probably|suspect|wonder|wondering|whether|unsure|might|不知道|不确定|不清楚|是否|是不是|有没有|会不会|好像|似乎|可能|怀疑|疑似|难道|估计)$/i;
// Fear and prevention reach as far as their clause ("worried, my account was hacked" is a report)...
const HYPOTHETICAL =
  /^(?:prevent|preventing|prevention|avoid|avoiding|protect|protecting|secure|securing|worried|worry|afraid|scared|concerned|fear|future|防止|避免|以防|预防|防范|担心|害怕|以免|防|免得|今后|以后)$/i;
// ...while a condition, or someone else's story, covers the whole sentence: "if I get hacked, will you refund me?",
// "我看到很多人说钱包被盗".
const CONDITIONAL =
  /\b(?:if|in case|hypothetically|suppose|supposing|heard|reportedly|people (?:say|said|report)|in the news)\b|如果|万一|假如|假设|要是|倘若|听说|据说|很多人|有人说|新闻|网上/i;
const SENTENCE_BREAK = /[.!?;。!?;\n]/g;

export function claimContext(text: string, matchIndex: number): ClaimContext {
  const prefix = clausePrefix(text, matchIndex);
  const words = wordsOf(prefix);

  const near = words.slice(-NEGATION_REACH);
  for (let i = near.length - 1; i >= 0; i--) {
    const w = near[i] ?? '';
    if (NEGATOR_EN.test(w) || NEGATOR_ZH.test(w)) {
      const next = near[i + 1] ?? '';
      if (DOUBT_AFTER_NEGATOR.test(next)) return 'uncertain';
      return 'negated';
    }
  }
  if (words.some((w) => HYPOTHETICAL.test(w))) return 'hypothetical';
  const sentence = sentencePrefix(text, matchIndex);
  if (CONDITIONAL.test(sentence)) return 'hypothetical';
  // Questions are asked in the clause itself ("was my account hacked?"), so the rest of the clause is read too.
  if (isQuestionOrDoubt(text, matchIndex, words)) return 'uncertain';
  return 'asserted';
}

function wordsOf(text: string): string[] {
  if (text.trim() === '') return [];
  return [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

function clausePrefix(text: string, end: number): string {
  const head = text.slice(Math.max(0, end - 200), end);
  let start = 0;
  for (const m of matchesOf(CLAUSE_BREAK, head)) start = (m.index ?? 0) + m[0].length;
  return head.slice(start);
}

function sentencePrefix(text: string, end: number): string {
  const head = text.slice(Math.max(0, end - 300), end);
  let start = 0;
  for (const m of matchesOf(SENTENCE_BREAK, head)) start = (m.index ?? 0) + m[0].length;
  return head.slice(start);
}

function isQuestionOrDoubt(text: string, matchIndex: number, words: string[]): boolean {
  // "was", "is" and friends only doubt in a question: "was my account hacked?" versus "my account was hacked".
  const rest = text.slice(matchIndex, matchIndex + 60);
  const clauseEnd = rest.search(/[.!;。!;\n]/);
  const tail = clauseEnd >= 0 ? rest.slice(0, clauseEnd + 1) : rest;
  const asks = /[??]|吗|么/.test(tail);
  const first = words[0] ?? '';
  const doubt = words.some((w) => DOUBT.test(w));
  // A bare "hacked?" asks, while "hacked?!" exclaims; "被盗了吗" asks whatever comes before it.
  const bare = words.length <= 1 && /^[^?!.。]*\?(?![!!])/.test(tail.slice(0, 40));
  const zhAsks = /^[^,,。.!!]*吗/.test(tail);
  return doubt || bare || zhAsks || (asks && /^(?:is|was|were|are|has|have|did|does|may|might|could|would|will|can)$/i.test(first));
}
