import { authoredText } from '../triage/authored-text.ts';
import { classifyMessage } from '../triage/classify-message.ts';
import type { Category } from '../triage/triage-labels.ts';
import {
  amountIn,
  assetsIn,
  descriptionWeight,
  networkKnown,
  subjectSubstance,
  timesIn,
  txHashIn,
} from './detect-evidence.ts';
import { EVIDENCE_ITEMS, REQUIRED_EVIDENCE, type EvidenceItem, type ReportTraits } from './evidence-items.ts';

export type EvidenceAttachment = { filename: string; contentType: string };
/** As chain-refs finds them: kind 'tx' or 'address'; chain 'evm' or 'unknown' when the text does not pin one. */
export type EvidenceChainRef = { kind: string; chain: string; value: string };
export type EvidenceInput = {
  category: Category;
  subject: string;
  /**
   * The customer's messages on the ticket. Pass one string per message: each message's quoted reply and
   * signature are dropped on their own, so a later message is never lost below an earlier one's quote.
   */
  text: string | readonly string[];
  attachments: readonly EvidenceAttachment[];
  chainRefs: readonly EvidenceChainRef[];
};

/**
 * Below this a problem report is a plea ("help!!", "如题"), not a description: about eight English words or
 * twelve Han characters. A question only has to be there at all ("fee for USDT on TRC20?").
 */
const MIN_DESCRIPTION_WEIGHT = { problem: 12, question: 4 };

/** Screenshots, screen recordings and exported records; not signatures, calendar invites or vCards. */
const RECORD_TYPE = /^(?:image\/(?!svg)|video\/|application\/pdf$|text\/csv$|application\/vnd\.ms-excel$|application\/vnd\.openxmlformats-officedocument\.spreadsheetml)/i;
const RECORD_NAME = /\.(?:png|jpe?g|gif|webp|heic|heif|bmp|tiff?|pdf|csv|xlsx?|mp4|mov|webm)$/i;
const NOT_EVIDENCE_NAME = /\.(?:p7s|asc|sig|ics|vcf)$|^winmail\.dat$/i;

const CHARGE_DISPUTED = /\bcharged\b|\bdeducted\b|\brefund\w*|\bovercharg\w*|\btaken\b|\btook\b|多扣|扣了|扣除|收了我|被收|退还|退款|退回|差额/i;

/**
 * The evidence a report of this category should carry and this one lacks, in the order we ask for it. Pure: call
 * it again on all of the ticket's messages after a follow-up, and what the follow-up supplied drops out.
 */
export function evidenceMissing(input: EvidenceInput): EvidenceItem[] {
  const messages = readMessages(input.text);
  const traits = reportTraits(input, messages.own);
  const found = findEvidence(input, messages, traits);
  const wanted = REQUIRED_EVIDENCE[input.category].filter((r) => !r.when || r.when(traits)).map((r) => r.item);
  return EVIDENCE_ITEMS.filter((item) => wanted.includes(item) && !found.has(item));
}

/** Every evidence item the report already holds, whatever its category needs. */
export function evidenceFound(input: EvidenceInput): Set<EvidenceItem> {
  const messages = readMessages(input.text);
  return findEvidence(input, messages, reportTraits(input, messages.own));
}

type Messages = { own: string; forwarded: string; facts: string };

function findEvidence(input: EvidenceInput, { own, forwarded, facts }: Messages, traits: ReportTraits): Set<EvidenceItem> {
  const found = new Set<EvidenceItem>();
  const all = `${input.subject.slice(0, MAX_SUBJECT_CHARS)}\n${facts}`;

  if (subjectIsClear(input.subject.slice(0, MAX_SUBJECT_CHARS))) found.add('clear_subject');
  // A forwarded notice tells part of the story, in someone else's words: it counts for half.
  const described = descriptionWeight(own) + descriptionWeight(forwarded) / 2;
  if (described >= MIN_DESCRIPTION_WEIGHT[traits.problem ? 'problem' : 'question']) found.add('description');
  if (timesIn(all)) found.add('time');
  if (assetsIn(all).length > 0) found.add('asset');
  if (amountIn(all)) found.add('amount');

  if (networkKnown(all, input.chainRefs.map((r) => r.chain))) found.add('network');

  const record = input.attachments.some(isRecord);
  const hash = txHashIn(all) || input.chainRefs.some((r) => /tx|hash|transaction/i.test(r.kind));
  if (record) found.add('screenshot_or_record');
  // The seed asks for "the hash or a screenshot" of a failed transaction: either lets the agent find it.
  if (hash || record) found.add('tx_hash');
  return found;
}

/**
 * What the checklist reads of a message, and of a whole ticket. A customer's report is said in its first few KB
 * (the triage corpus's longest mail is under 2 KB); beyond that is pasted logs or quoted threads. The caps bound
 * the cost of re-judging a ticket on every follow-up, whatever its messages hold; every message costs at least
 * MESSAGE_OVERHEAD, so ten thousand one-line follow-ups are bounded too. The recognisers read MAX_SCAN_CHARS,
 * which is more than a ticket's budget, so the newest follow-up is always read.
 */
const MAX_SUBJECT_CHARS = 2_000;
const MAX_MESSAGE_CHARS = 20_000;
const MAX_AUTHORED_CHARS = 10_000;
const MAX_TICKET_CHARS = 100_000;
const MESSAGE_OVERHEAD = 1_000;

function readMessages(text: string | readonly string[]): Messages {
  const own: string[] = [];
  const forwarded: string[] = [];
  for (const message of withinTicketBudget(typeof text === 'string' ? [text] : text)) {
    // NFKC can lengthen text (one ligature becomes up to 18 letters), so the cap is applied again after it.
    const a = authoredText(message.slice(0, MAX_MESSAGE_CHARS).normalize('NFKC').slice(0, MAX_MESSAGE_CHARS));
    own.push(a.own.slice(0, MAX_AUTHORED_CHARS));
    forwarded.push(a.forwarded.slice(0, MAX_AUTHORED_CHARS));
  }
  // A forwarded withdrawal notice carries the hash and the amount even though the customer did not type them.
  return { own: own.join('\n'), forwarded: forwarded.join('\n'), facts: [...own, ...forwarded].join('\n') };
}

/**
 * The messages a long ticket is judged on: the first (the report itself) and then the newest that fit, because a
 * follow-up supplies what the checklist asked for; the middle of a very long exchange is what gets left out.
 */
function withinTicketBudget(messages: readonly string[]): string[] {
  const cost = (m: string) => Math.min(m.length, MAX_MESSAGE_CHARS) + MESSAGE_OVERHEAD;
  let total = messages.reduce((sum, m) => sum + cost(m), 0);
  if (total <= MAX_TICKET_CHARS) return [...messages];
  const [first, ...rest] = messages;
  const kept: string[] = [];
  total = cost(first ?? '');
  for (let i = rest.length - 1; i >= 0 && total + cost(rest[i] ?? '') <= MAX_TICKET_CHARS; i--) {
    kept.unshift(rest[i] ?? '');
    total += cost(rest[i] ?? '');
  }
  return first === undefined ? kept : [first, ...kept];
}

function subjectIsClear(subject: string): boolean {
  // A subject naming a topic is clear even in one word: "Withdrawal", "2FA", "账户问题求助".
  if (classifyMessage({ subject, text: '' }).signals.some((s) => s.startsWith('subject:') && s !== 'subject:other.thanks')) return true;
  const { latinWords, han } = subjectSubstance(subject);
  return latinWords >= 2 || han >= 4;
}

function isRecord(a: EvidenceAttachment): boolean {
  if (NOT_EVIDENCE_NAME.test(a.filename)) return false;
  return RECORD_TYPE.test(a.contentType) || RECORD_NAME.test(a.filename);
}

const FAILED = /\bfail\w*|\berror\b|\bnot working\b|\bdoesn't work|\bwon't (?:let|accept|save)|失败|报错|错误|不成功|无法(?:修改|更改|保存|绑定|解绑)|改不了|提示/i;
const INTERNAL = /\bswap\w*|\bconvert\w*|\bexchang\w*|兑换|闪兑/i;
const ON_CHAIN = /withdr|deposit|\bsen[dt]\b|transfer|\btx|hash|提币|提现|充值|充币|转账|转出|转入|哈希/i;

function reportTraits(input: EvidenceInput, own: string): ReportTraits {
  const text = `${input.subject.slice(0, MAX_SUBJECT_CHARS)}\n${own}`;
  const triage = classifyMessage({ subject: input.subject, text: own });
  // Only a mail triage recognised as a plain question is spared the incident details; a bare "help!!" is not.
  const question = triage.priority === 'low' && (triage.signals.includes('question') || triage.signals.includes('spam_like'));
  // Reuses triage's reading of negation: "nothing was taken" does not ask for a hash.
  const fundsMoved = triage.signals.some((s) => /^(?:subject|body):security\.drained$|^priority:urgent:(?:unauthorized|drained)$/.test(s));
  return {
    problem: !question,
    fundsMoved,
    chargeDisputed: CHARGE_DISPUTED.test(text),
    internal: INTERNAL.test(text) && !ON_CHAIN.test(text),
    failed: FAILED.test(text),
  };
}
