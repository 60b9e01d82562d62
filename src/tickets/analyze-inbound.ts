import { findChainRefs, type ChainRef } from './chain-refs/find-chain-refs.ts';
import { detectLanguage, type Locale } from './detect-language.ts';
import { evidenceMissing } from './evidence/evidence-missing.ts';
import type { EvidenceItem } from './evidence/evidence-items.ts';
import type { InboundMessage } from './inbound-message.ts';
import { classifyMessage } from './triage/classify-message.ts';
import type { Category, Priority } from './triage/triage-labels.ts';

/** What the words of one message say, before the database is asked anything. */
export type InboundAnalysis = {
  triage: { category: Category; priority: Priority };
  locale: Locale;
  chainRefs: ChainRef[];
  /** The evidence checklist if this message opens a ticket; a follow-up is judged with the ticket's history. */
  evidenceIfNew: EvidenceItem[];
};

/** What the chain-reference scan reads of the subject, the body and each text attachment. */
const MAX_PART_CHARS = 100_000;

/** The subject a ticket opened by this message gets. */
export function ticketSubjectOf(msg: Pick<InboundMessage, 'subject'>): string {
  return msg.subject.trim() || '(no subject)';
}

/**
 * Reads a message's words: triage, language, chain references and the checklist it would open a ticket with.
 * Pure and costly (it is most of the CPU of taking in a mail), so the mail channel runs it on a worker thread
 * while the main thread writes tickets, and hands the result over in `InboundMessage.analysis`.
 */
export function analyzeInbound(msg: InboundMessage): InboundAnalysis {
  const triage = msg.triage ?? classifyMessage({ subject: msg.subject, text: msg.text });
  // Each part is read in its first part, so one long log cannot crowd the body's references out of the scan.
  const chainRefs = findChainRefs([msg.subject, msg.text, ...msg.attachmentTexts].map((part) => part.slice(0, MAX_PART_CHARS)).join('\n'));
  const evidenceIfNew = msg.automated
    ? []
    : evidenceMissing({
        category: triage.category,
        subject: ticketSubjectOf(msg),
        text: [msg.text],
        attachments: msg.attachments.filter((a) => !a.quarantineReason).map((a) => ({ filename: a.filename, contentType: a.contentType })),
        chainRefs,
      });
  return {
    triage: { category: triage.category, priority: triage.priority },
    locale: msg.locale ?? detectLanguage(msg.subject, msg.text),
    chainRefs,
    evidenceIfNew,
  };
}
