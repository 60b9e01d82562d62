import type { ColumnType, Generated } from 'kysely';

/** Times are epoch milliseconds in both dialects, so comparisons need no dialect-specific date functions. */
export type EpochMs = number;

/** `chunks` > 0: the bytes are in blob_chunks (seq 0…chunks-1) and `data` is empty (migration 013). */
export type BlobTable = { hash: string; size: number; data: Uint8Array; created_at: EpochMs; chunks: ColumnType<number, number | undefined, number> };

export type BlobChunkTable = { hash: string; seq: number; data: Uint8Array };

export type JobTable = {
  id: Generated<number>;
  kind: string;
  payload: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  run_at: EpochMs;
  /** Higher runs first among due jobs (JOB_PRIORITY). */
  priority: Generated<number>;
  attempts: number;
  locked_by: string | null;
  locked_until: EpochMs | null;
  last_error: string | null;
  created_at: EpochMs;
  finished_at: EpochMs | null;
};

export type InboundRawTable = {
  id: Generated<number>;
  blob_hash: string;
  size: number;
  source: string;
  mail_from: string;
  rcpt_to: string;
  remote_address: string | null;
  helo: string | null;
  status: 'pending' | 'processed' | 'quarantined';
  quarantine_reason: string | null;
  message_id: number | null;
  received_at: EpochMs;
  processed_at: EpochMs | null;
  note: string | null;
};

export type ContactTable = {
  id: Generated<number>;
  email: string;
  name: string | null;
  locale: string | null;
  anti_phishing_phrase: string | null;
  created_at: EpochMs;
};

export type TicketTable = {
  id: Generated<number>;
  reference: string | null;
  subject: string;
  status: 'new' | 'open' | 'pending' | 'resolved' | 'closed';
  category: string;
  priority: string;
  requester_id: number;
  locale: string;
  created_at: EpochMs;
  updated_at: EpochMs;
  /** The agent working the ticket (migration 006). */
  assignee_id: number | null;
};

export type TicketParticipantTable = { ticket_id: number; email: string };

export type MessageTable = {
  id: Generated<number>;
  ticket_id: number;
  direction: 'inbound' | 'outbound';
  kind: 'customer' | 'acknowledgement' | 'reply';
  channel: string;
  from_address: string;
  from_name: string | null;
  to_json: string;
  cc_json: string;
  subject: string;
  text: string;
  html: string | null;
  search_text: string;
  external_id: string | null;
  in_reply_to: string | null;
  references_json: string;
  dedupe_key: string | null;
  raw_id: number | null;
  author_agent_id: number | null;
  delivery_status: 'received' | 'queued' | 'sent' | 'delayed' | 'failed' | 'not_sent';
  delivery_attempts: number;
  delivery_error: string | null;
  raw_blob_hash: string | null;
  /**
   * Migration 014: an outbound mail whose links carry secrets (a status link) keeps its bytes as sent only here,
   * sealed (platform/encryption.ts), until its last delivery attempt; raw_blob_hash then holds a redacted copy.
   */
  raw_sealed: Generated<string | null>;
  sent_at: EpochMs | null;
  created_at: EpochMs;
  auth_json: string | null;
  unverified_sender: Generated<number>;
  evidence_missing_json: Generated<string>;
  automated: Generated<number>;
  /** Why this message opened its own ticket instead of joining the one it named (migration 011). */
  threading_note: string | null;
};

export type AttachmentTable = {
  id: Generated<number>;
  message_id: number;
  blob_hash: string;
  filename: string;
  content_type: string;
  size: number;
  content_id: string | null;
  inline: number;
  quarantined: Generated<number>;
  quarantine_reason: string | null;
  detected_type: string | null;
};

export type ChainRefTable = {
  id: Generated<number>;
  message_id: number;
  ticket_id: number;
  kind: 'tx' | 'address';
  chain: string;
  value: string;
};

export type AgentTable = {
  id: Generated<number>;
  email: string;
  name: string | null;
  role: 'agent' | 'admin';
  password_hash: string;
  active: number;
  created_at: EpochMs;
  /** 1: this agent must sign in with TOTP (WALLETDESK_AGENT_REQUIRE_TOTP requires it of everyone). */
  require_totp: Generated<number>;
  totp_enabled: Generated<number>;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  /** The RFC 6238 time step of the last accepted code; codes of that step or earlier are refused. */
  totp_last_step: number | null;
};

/** A web-console sign-in; `enrol` sessions may only set up TOTP. Only the SHA-256 of the cookie value is stored. */
export type AgentSessionTable = {
  id: Generated<number>;
  agent_id: number;
  token_hash: string;
  csrf_token: string;
  purpose: 'full' | 'enrol';
  created_at: EpochMs;
  last_seen_at: EpochMs;
  expires_at: EpochMs;
  created_ip: string | null;
  user_agent: string | null;
};

/** A failed agent sign-in, counted per account (hashed email) and per IP (hashed) for rate limits. */
export type AgentSigninFailureTable = { scope: 'account' | 'ip'; key_hash: string; created_at: EpochMs };

export type ApiTokenTable = {
  id: Generated<number>;
  agent_id: number;
  token_hash: string;
  label: string | null;
  created_at: EpochMs;
  last_used_at: EpochMs | null;
};

/** A polled IMAP mailbox: its UIDVALIDITY, where the scan for new UIDs starts, and how the last sync went. */
export type ImapMailboxTable = {
  id: Generated<number>;
  account: string;
  path: string;
  uid_validity: number | null;
  scan_from_uid: number | null;
  last_sync_at: EpochMs | null;
  last_error: string | null;
  last_error_at: EpochMs | null;
  created_at: EpochMs;
};

/** A message taken from an IMAP mailbox (raw_id), or left there on purpose (skip_reason); marked_at once \Seen or moved. */
export type ImapMessageTable = {
  mailbox_id: number;
  uid_validity: number;
  uid: number;
  raw_id: number | null;
  skip_reason: string | null;
  stored_at: EpochMs;
  marked_at: EpochMs | null;
};

/** An accepted public-form submission (contact form, status-page reply), counted per client for rate limits. */
export type HelpRateEventTable = { bucket: string; client_hash: string; created_at: EpochMs };

export type TicketTagTable = { ticket_id: number; tag: string };

/** An agent's internal note on a ticket: never mailed, never on the customer's status page. */
export type TicketNoteTable = { id: Generated<number>; ticket_id: number; author_agent_id: number; text: string; created_at: EpochMs };

/** A canned reply with a body per language; placeholders are filled when an agent renders it for a ticket. */
export type MacroTable = {
  id: Generated<number>;
  name: string;
  body_en: string;
  body_zh: string;
  active: number;
  created_at: EpochMs;
  updated_at: EpochMs;
};

/** A customer's account (migration 007). Booleans are 0/1 integers in both dialects. */
export type AccountTable = {
  id: Generated<number>;
  email: string;
  password_hash: string;
  locale: string;
  email_verified_at: EpochMs | null;
  phone: string | null;
  phone_verified_at: EpochMs | null;
  contact_id: number | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: EpochMs | null;
  totp_last_step: number | null;
  sms_enabled_at: EpochMs | null;
  password_changed_at: EpochMs;
  hold_until: EpochMs | null;
  hold_reason: string | null;
  frozen_at: EpochMs | null;
  frozen_reason: string | null;
  created_at: EpochMs;
};

export type AccountSessionTable = {
  id: Generated<number>;
  account_id: number;
  token_hash: string;
  created_at: EpochMs;
  last_seen_at: EpochMs;
  expires_at: EpochMs;
  ip: string;
  country: string | null;
  city: string | null;
  user_agent: string | null;
  device: string;
  device_hash: string;
  authenticated_at: EpochMs;
};

/** A security mail to a customer; `status` is queued, sent, not_sent (no relay) or failed. */
export type AccountMailTable = {
  id: Generated<number>;
  account_id: number;
  kind: string;
  to_address: string;
  locale: string;
  subject: string;
  text: string;
  status: 'queued' | 'sent' | 'not_sent' | 'failed';
  error: string | null;
  external_id: string | null;
  raw_blob_hash: string | null;
  created_at: EpochMs;
  sent_at: EpochMs | null;
  /** Migration 014: the clear text, sealed (platform/encryption.ts) until the mail is composed; `text` is redacted. */
  text_sealed: string | null;
  /** Migration 014: the composed bytes, sealed until the last delivery attempt, then dropped. */
  raw_sealed: string | null;
};

/** One sign-in attempt, kept for the customer's login activity and for unusual-login detection. */
export type AccountLoginTable = {
  id: Generated<number>;
  account_id: number | null;
  at: EpochMs;
  ip: string;
  country: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
  user_agent: string | null;
  device: string;
  device_hash: string;
  success: number;
  failure_reason: string | null;
  flagged: Generated<number>;
  /** JSON array of rule names (new_device, new_country, impossible_travel, failure_burst). */
  flag_reasons: Generated<string>;
};

export type AccountTokenTable = {
  id: Generated<number>;
  account_id: number;
  purpose: string;
  token_hash: string;
  created_at: EpochMs;
  expires_at: EpochMs;
  used_at: EpochMs | null;
};

export type AccountRecoveryCodeTable = { id: Generated<number>; account_id: number; code_hash: string; used_at: EpochMs | null };

export type AccountSmsCodeTable = {
  id: Generated<number>;
  account_id: number;
  purpose: string;
  phone: string;
  code_hash: string;
  created_at: EpochMs;
  expires_at: EpochMs;
  attempts: Generated<number>;
  used_at: EpochMs | null;
};

export type RateLimitHitTable = { bucket: string; key_hash: string; at: EpochMs };

export type ServiceTokenTable = { id: Generated<number>; name: string; token_hash: string; created_at: EpochMs; last_used_at: EpochMs | null };

/** A support alias added in the console (migration 009); lowercased. Configured aliases are not stored. */
export type SupportAliasTable = { address: string; created_by: number | null; created_at: EpochMs };

/** A hash-chained audit entry (migration 012, platform/audit); `target` is `kind:id`, e.g. `agent:4`. */
export type AuditLogTable = {
  id: number;
  at: EpochMs;
  actor_agent_id: number | null;
  action: string;
  target: string;
  /** The customer account the action concerns, if any. */
  account_id: number | null;
  reason: string | null;
  details_json: string;
  prev_hash: string;
  hash: string;
};

export type Database = {
  blobs: BlobTable;
  blob_chunks: BlobChunkTable;
  jobs: JobTable;
  inbound_raw: InboundRawTable;
  contacts: ContactTable;
  tickets: TicketTable;
  ticket_participants: TicketParticipantTable;
  messages: MessageTable;
  attachments: AttachmentTable;
  agents: AgentTable;
  api_tokens: ApiTokenTable;
  agent_sessions: AgentSessionTable;
  agent_signin_failures: AgentSigninFailureTable;
  chain_refs: ChainRefTable;
  imap_mailboxes: ImapMailboxTable;
  imap_messages: ImapMessageTable;
  help_rate_events: HelpRateEventTable;
  ticket_tags: TicketTagTable;
  ticket_notes: TicketNoteTable;
  macros: MacroTable;
  accounts: AccountTable;
  account_sessions: AccountSessionTable;
  account_logins: AccountLoginTable;
  account_tokens: AccountTokenTable;
  account_recovery_codes: AccountRecoveryCodeTable;
  account_sms_codes: AccountSmsCodeTable;
  account_mails: AccountMailTable;
  rate_limit_hits: RateLimitHitTable;
  service_tokens: ServiceTokenTable;
  support_aliases: SupportAliasTable;
  audit_log: AuditLogTable;
};
