import { authoredText } from './authored-text.ts';
import { CATEGORY_RULES } from './category-rules.ts';
import { claimContext, type ClaimContext } from './claim-context.ts';
import { matchesOf } from './matches-of.ts';
import { CONDITIONAL_SENTENCE, CUSTOMER_SAYS_URGENT, PRIORITY_RULES, PROBLEM, QUESTION, type PriorityRule } from './priority-rules.ts';
import { CATEGORIES, type Category, type Priority, type Triage } from './triage-labels.ts';

export type MessageToClassify = { subject: string; text: string };

// The subject is the customer's own one-line summary, so it says more per word than the body; forwarded text is
// someone else's words (a notice, a phishing mail) and only hints at the topic.
const SECTION_WEIGHT = { subject: 2.5, body: 1, forwarded: 0.5 } as const;
type SectionName = keyof typeof SECTION_WEIGHT;

/** Below this nothing wallet-related was said with conviction, and the mail is "other". */
const MIN_CATEGORY_SCORE = 1.5;
/** A second and third mention of the same thing add a little; a rambling body should not outvote the subject. */
const REPEAT_WEIGHT = 0.3;
const MAX_MATCHES_PER_RULE = 3;
/** Matches looked at per rule, counted or not, so a mail repeating "not hacked" ten thousand times stays cheap. */
const MAX_MATCHES_EXAMINED = 8;
// What a customer means is said early; beyond this a body is pasted logs or a quoted thread, and reading it all
// would let one huge mail stall the intake.
const MAX_SUBJECT_CHARS = 500;
const MAX_BODY_CHARS = 10_000;
/** Fearing a takeover ("how do I stop my account being hacked") is still about security, just less certainly. */
const HYPOTHETICAL_WEIGHT = 0.6;

// When scores tie, the more harmful reading wins, so a tie never hides a security problem.
const TIE_ORDER: Category[] = ['security', 'restriction', 'transaction', 'personal_info', 'fees', 'account', 'other'];

const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/**
 * Category and priority of a customer's message from its words, in Chinese, English or both. Pure and
 * synchronous: the intake calls it inside its transaction, and the web form calls it on the draft.
 */
export function classifyMessage(msg: MessageToClassify): Triage {
  const signals = new Set<string>();
  const authored = authoredText(normalize(msg.text.slice(0, MAX_BODY_CHARS * 2)));
  for (const d of authored.dropped) signals.add(`ignored:${d}`);
  const rawSubject = normalize(msg.subject.slice(0, MAX_SUBJECT_CHARS));
  // A forward's subject is the forwarded mail's subject ("Fwd: Your account will be suspended"): someone else's words.
  const forwardedSubject = /^\s*(?:fwd?|转发)\s*[::]/i.test(rawSubject);
  const sections: Array<[SectionName, string]> = [
    [forwardedSubject ? 'forwarded' : 'subject', cleanSubject(rawSubject)],
    ['body', authored.own.slice(0, MAX_BODY_CHARS)],
    ['forwarded', authored.forwarded.slice(0, MAX_BODY_CHARS)],
  ];

  const scores = new Map<Category, number>(CATEGORIES.map((c) => [c, 0]));
  for (const [section, text] of sections) {
    if (!text) continue;
    for (const rule of CATEGORY_RULES) {
      let hits = 0;
      let examined = 0;
      for (const m of matchesOf(rule.re, text)) {
        if (++examined > MAX_MATCHES_EXAMINED) break;
        if (rule.unless && rule.unless.test(text.slice(Math.max(0, (m.index ?? 0) - 30), m.index))) continue;
        const ctx = rule.claim ? claimContext(text, m.index ?? 0) : 'asserted';
        if (ctx === 'negated') {
          signals.add(`negated:${rule.id}`);
          continue;
        }
        if (ctx === 'hypothetical') signals.add(`hypothetical:${rule.id}`);
        const weight = rule.weight * SECTION_WEIGHT[section] * (ctx === 'hypothetical' ? HYPOTHETICAL_WEIGHT : 1);
        scores.set(rule.category, (scores.get(rule.category) ?? 0) + (hits === 0 ? weight : weight * REPEAT_WEIGHT));
        if (hits === 0) signals.add(`${section}:${rule.id}`);
        if (++hits >= MAX_MATCHES_PER_RULE) break;
      }
    }
  }

  // Scams impersonating support threaten suspension ("your account will be frozen unless..."), so next to a
  // phishing report those words describe the scam, not the customer's account.
  const phishingReported = [...signals].some((x) => /^(?:subject|body):security\.phishing$/.test(x));
  if (phishingReported) scores.set('restriction', (scores.get('restriction') ?? 0) / 2);

  let raised: Priority | undefined;
  let compromised = false;
  // Context may come from anywhere in the mail: a forwarded notice says what it was that never arrived.
  const wholeText = sections.map(([, t]) => t).join('\n');
  // Priority comes from what the customer says happened, never from text they forwarded: a forwarded phishing
  // mail saying "your account is frozen" is a question about that mail, not a frozen account.
  for (const [section, text] of sections) {
    if (!text || section === 'forwarded') continue;
    for (const rule of PRIORITY_RULES) {
      if (rule.id === 'restricted' && phishingReported) continue;
      const found = strongestClaim(text, wholeText, rule);
      if (!found) continue;
      if (rule.compromise && found === 'urgent') compromised = true;
      signals.add(`priority:${found}:${rule.id}`);
      if (!raised || PRIORITY_RANK[found] > PRIORITY_RANK[raised]) raised = found;
    }
  }

  const category = compromised ? 'security' : topCategory(scores);
  if (compromised) signals.add('compromise_reported');

  const own = sections.filter(([name]) => name !== 'forwarded').map(([, t]) => t).join('\n');
  if (CUSTOMER_SAYS_URGENT.test(own)) signals.add('customer_says_urgent');
  // Marketing, partnership offers, job applications and out-of-office replies: nobody's wallet is waiting on them.
  const spamLike = category === 'other' && [...signals].some((s) => /^(?:subject|body):other\.(?:spam|business|job|auto_reply)$/.test(s));
  if (spamLike) signals.add('spam_like');

  // Someone is actively targeting this customer: worth an agent's look even when asked as a question.
  const targeted = phishingReported || [...signals].some((x) => /^(?:subject|body):security\.attack_technique$/.test(x));
  const floor: Priority = targeted ? 'normal' : 'low';
  let priority = raised ?? restingPriority(category, own, spamLike, signals);
  if (PRIORITY_RANK[priority] < PRIORITY_RANK[floor]) priority = floor;
  return { category, priority, signals: [...signals] };
}

/** The level a rule gives this text: its best match, after negation, conditions, doubt and context are weighed. */
function strongestClaim(text: string, wholeText: string, rule: PriorityRule): Priority | undefined {
  let best: Priority | undefined;
  let examined = 0;
  for (const m of matchesOf(rule.re, text)) {
    if (++examined > MAX_MATCHES_EXAMINED) break;
    const at = m.index ?? 0;
    if (rule.unless && rule.unless.test(text.slice(Math.max(0, at - 30), at))) continue;
    const ctx: ClaimContext = rule.claim ? claimContext(text, at) : 'asserted';
    if (ctx === 'negated' || ctx === 'hypothetical') continue;
    // Doubt lowers a claim one step: a suspected takeover is looked at quickly but is not yet money leaving, and
    // "could my account get frozen?" reports no frozen account.
    if (ctx === 'uncertain' && rule.level === 'high') continue;
    let level: Priority = ctx === 'uncertain' ? 'high' : rule.level;
    if (rule.needs && !rule.needs.test(rule.needsIn === 'sentence' ? sentencesAround(text, at, m[0].length) : wholeText)) {
      if (!rule.otherwise) continue;
      level = rule.otherwise;
    }
    if (!best || PRIORITY_RANK[level] > PRIORITY_RANK[best]) best = level;
    if (best === rule.level) break;
  }
  return best;
}

/** The sentence holding a match and the one before it, where "that wasn't me" finds what it refers to. */
function sentencesAround(text: string, at: number, length: number): string {
  const from = Math.max(0, at - 400);
  const before = text.slice(from, at);
  const breaks = [...before.matchAll(/[.!?。!?\n]/g)].map((b) => b.index ?? 0);
  const start = from + (breaks.length >= 2 ? (breaks[breaks.length - 2] ?? 0) + 1 : 0);
  const afterEnd = text.slice(at + length).search(/[.!?。!?\n]/);
  return text.slice(start, afterEnd < 0 ? undefined : at + length + afterEnd + 1);
}

function topCategory(scores: Map<Category, number>): Category {
  let best: Category = 'other';
  let bestScore = 0;
  for (const c of TIE_ORDER) {
    const s = scores.get(c) ?? 0;
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return bestScore < MIN_CATEGORY_SCORE ? 'other' : best;
}

/** The priority of a message that reports nothing blocking: a plain question waits, a problem gets worked. */
function restingPriority(category: Category, own: string, spamLike: boolean, signals: Set<string>): Priority {
  if (spamLike) return 'low';
  const real = own.split(/(?<=[.!?。!?\n])/).filter((sentence) => !CONDITIONAL_SENTENCE.test(sentence)).join(' ');
  const problem = PROBLEM.test(real);
  if (problem) signals.add('problem_reported');
  const question = QUESTION.test(own);
  if (question) signals.add('question');
  if (category === 'other') return problem ? 'normal' : 'low';
  if (!problem && (question || signals.has('body:other.feedback') || signals.has('subject:other.feedback'))) return 'low';
  return 'normal';
}

/**
 * Full-width letters and punctuation (common in Chinese input methods) become ASCII, and phones' curly
 * apostrophes become straight ones, so "can’t" and "can't" read alike.
 */
function normalize(text: string): string {
  return text.normalize('NFKC').replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'");
}

/** Reply and forward prefixes and our ticket reference say nothing about the topic. */
function cleanSubject(subject: string): string {
  return subject
    .replace(/^\s*(?:(?:re|fw|fwd|aw|wg|sv|回复|答复|转发|回覆)\s*[::]\s*|\[[^\]]{0,40}\]\s*)+/gi, '')
    .trim();
}

