import type { Category } from '../triage/triage-labels.ts';

/**
 * What a good report to support holds, after the seed: a subject that names the problem, a description with the
 * steps, the time and the asset, and evidence (screenshots, transaction records); a transaction problem also
 * needs the hash (or a screenshot of the record), the network and the amount. Stored in `evidence_missing` and
 * read by the console, so the keys never change; the order is the order we ask in.
 *
 * Identity documents are deliberately absent: they are uploaded through the authenticated portal, never asked
 * for by mail (scammers impersonating support ask for exactly that).
 */
export const EVIDENCE_ITEMS = [
  'clear_subject',
  'description',
  'time',
  'asset',
  'amount',
  'network',
  'tx_hash',
  'screenshot_or_record',
] as const;
export type EvidenceItem = (typeof EVIDENCE_ITEMS)[number];

/**
 * What kind of report this is, as far as evidence goes. A question ("how long do withdrawals take?") needs no
 * hash or timestamp; a report of something that went wrong does.
 */
export type ReportTraits = {
  /** Something went wrong for the customer (triage found more than a how-to question). */
  problem: boolean;
  /** Money left the account, by the customer's account of it (not "nothing was taken"). */
  fundsMoved: boolean;
  /** The customer disputes a fee they were charged, rather than asking what a fee is. */
  chargeDisputed: boolean;
  /** A swap or conversion inside the wallet: no chain, so no network and no hash to ask for. */
  internal: boolean;
  /** Something the customer tried failed with a message or error they can show us. */
  failed: boolean;
};

type Requirement = { item: EvidenceItem; when?: (t: ReportTraits) => boolean };

const always = (...items: EvidenceItem[]): Requirement[] => items.map((item) => ({ item }));
const onProblem = (...items: EvidenceItem[]): Requirement[] => items.map((item) => ({ item, when: (t) => t.problem }));

export const REQUIRED_EVIDENCE: Record<Category, Requirement[]> = {
  transaction: [
    ...always('clear_subject', 'description'),
    ...onProblem('time', 'asset', 'amount'),
    { item: 'network', when: (t) => t.problem && !t.internal },
    { item: 'tx_hash', when: (t) => t.problem && !t.internal },
    { item: 'screenshot_or_record', when: (t) => t.problem && t.internal },
  ],
  // A takeover report needs the login records or screenshots; when money moved, what moved and where.
  security: [
    ...always('clear_subject', 'description'),
    ...onProblem('time', 'screenshot_or_record'),
    { item: 'asset', when: (t) => t.fundsMoved },
    { item: 'amount', when: (t) => t.fundsMoved },
    { item: 'tx_hash', when: (t) => t.fundsMoved },
  ],
  // Fees depend on the asset; a disputed charge is a specific transaction to find.
  fees: [
    ...always('clear_subject', 'description', 'asset'),
    { item: 'time', when: (t) => t.chargeDisputed },
    { item: 'amount', when: (t) => t.chargeDisputed },
    { item: 'screenshot_or_record', when: (t) => t.chargeDisputed },
  ],
  account: [...always('clear_subject', 'description'), ...onProblem('time', 'screenshot_or_record')],
  // A change of phone or email is a request; only a change that failed has an error worth a screenshot.
  personal_info: [...always('clear_subject', 'description'), { item: 'screenshot_or_record', when: (t) => t.failed }],
  // The restriction notice shows which restriction it is; proof of identity goes through the portal, not mail.
  restriction: [...always('clear_subject', 'description'), ...onProblem('time', 'screenshot_or_record')],
  other: always('clear_subject', 'description'),
};
