import type { InboundAnalysis } from './analyze-inbound.ts';
import type { Locale } from './detect-language.ts';
import type { Category, Priority } from './triage/triage-labels.ts';

export type Party = { address: string; name: string | null };

export type InboundAttachment = {
  blobHash: string;
  filename: string;
  contentType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
  /** The type the content really is (magic bytes), whatever the sender declared. */
  detectedType: string | null;
  /** Unsafe content (executables, macros, archive bombs…): kept, but downloadable only by an admin's override. */
  quarantineReason: string | null;
};

/** How sure we are who sent the message: the mail channel's SPF/DKIM/DMARC/ARC words. */
export type SenderAuthResults = { spf: string; dkim: string; dmarc: string; arc: string };

/**
 * A customer's message as the ticket core sees it, whatever channel brought it: the mailbox builds one from
 * MIME, the contact form from its fields. The core never sees mail headers, only what they mean.
 */
export type InboundMessage = {
  channel: 'mail' | 'web';
  from: Party;
  to: Party[];
  cc: Party[];
  subject: string;
  text: string;
  html: string | null;
  attachments: InboundAttachment[];
  /** The channel's own id for this message (a mail's Message-ID), used for threading and dedupe. */
  externalId: string | null;
  /** Ids of the messages this one answers, nearest first. */
  repliesTo: string[];
  /** Identifies the content, so a second delivery of the same message is recognised. */
  contentHash: string;
  rawId: number | null;
  /** Why the channel says this message must not be answered automatically, if it must not. */
  noAutoReplyReason: string | null;
  /** An automatic answer (out of office): it joins its ticket quietly, reopening nothing. */
  automated: boolean;
  auth: SenderAuthResults | null;
  /** The sender is not proven to own the From address: such a message can never drive an account action. */
  unverifiedSender: boolean;
  /** Text of plain-text attachments (transaction records, logs), searched for chain references. */
  attachmentTexts: string[];
  locale?: Locale;
  /**
   * The ticket this message continues when the channel knows it for certain (a reply on the status page, reached
   * by a signed link); threading by ids and subject is then skipped. A closed ticket is still not continued.
   */
  ticketId?: number;
  /**
   * Category and priority the channel knows for certain, used instead of reading the words: a freeze from the
   * security center is an urgent security ticket however the customer phrased the report.
   */
  triage?: { category: Category; priority: Priority };
  /** analyzeInbound(this message), when the channel computed it ahead (off the main thread); else the intake does. */
  analysis?: InboundAnalysis;
};
