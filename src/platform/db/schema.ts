import type { Generated } from 'kysely';

/** Times are epoch milliseconds in both dialects, so comparisons need no dialect-specific date functions. */
export type EpochMs = number;

export type BlobTable = { hash: string; size: number; data: Uint8Array; created_at: EpochMs };

export type JobTable = {
  id: Generated<number>;
  kind: string;
  payload: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  run_at: EpochMs;
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
  sent_at: EpochMs | null;
  created_at: EpochMs;
  auth_json: string | null;
  unverified_sender: Generated<number>;
  evidence_missing_json: Generated<string>;
  automated: Generated<number>;
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
};

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

export type Database = {
  blobs: BlobTable;
  jobs: JobTable;
  inbound_raw: InboundRawTable;
  contacts: ContactTable;
  tickets: TicketTable;
  ticket_participants: TicketParticipantTable;
  messages: MessageTable;
  attachments: AttachmentTable;
  agents: AgentTable;
  api_tokens: ApiTokenTable;
  chain_refs: ChainRefTable;
  imap_mailboxes: ImapMailboxTable;
  imap_messages: ImapMessageTable;
};
