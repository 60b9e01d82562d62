import type { Locale } from './detect-language.ts';

export type Party = { address: string; name: string | null };

export type InboundAttachment = {
  blobHash: string;
  filename: string;
  contentType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
};

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
  locale?: Locale;
};
