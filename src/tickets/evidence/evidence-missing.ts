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
  const all = `${input.subject}\n${facts}`;

  if (subjectIsClear(input.subject)) found.add('clear_subject');
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

function readMessages(text: string | readonly string[]): Messages {
  const messages = typeof text === 'string' ? [text] : text;
  const own: string[] = [];
  const forwarded: string[] = [];
  for (const message of messages) {
    const a = authoredText(message.normalize('NFKC'));
    own.push(a.own);
    forwarded.push(a.forwarded);
  }
  // A forwarded withdrawal notice carries the hash and the amount even though the customer did not type them.
  return { own: own.join('\n'), forwarded: forwarded.join('\n'), facts: [...own, ...forwarded].join('\n') };
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
  const text = `${input.subject}\n${own}`;
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
