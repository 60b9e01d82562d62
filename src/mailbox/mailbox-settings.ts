import type { AttachmentLimits } from './attachment-safety/limits.ts';
import type { Resolver } from './sender-auth/dns-resolver.ts';

/** What the mail channel needs beyond the ticket settings; server.ts fills it from the configuration. */
export type MailboxSettings = {
  resolver: Resolver;
  /** authserv-ids of the upstream host whose Authentication-Results we believe for mail fetched over IMAP. */
  trustedAuthservIds: string[];
  attachmentLimits?: Partial<AttachmentLimits>;
  /** How long reading one message may keep its thread busy before the mail is quarantined (WALLETDESK_READ_BUDGET_MS). */
  readBudgetMs?: number;
};
