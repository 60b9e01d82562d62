export type Agent = { id: number; email: string; name?: string | null; role: string };
export type Session = { agent: Agent; csrf_token: string };

export type AuthWord = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror';
export type Attachment = {
  id: number;
  filename: string;
  content_type: string;
  size: number;
  quarantined: boolean;
  quarantine_reason: string | null;
};
export type Message = {
  id: number;
  direction: 'inbound' | 'outbound';
  kind: string;
  from: string;
  from_name: string | null;
  subject: string;
  text: string;
  html: string | null;
  created_at: string;
  auth: { spf: AuthWord; dkim: AuthWord; dmarc: AuthWord; arc: AuthWord } | null;
  unverified_sender: boolean;
  /** Why this message opened a new ticket instead of joining the one it named. */
  threading_note?: string | null;
  chain_refs: { kind: string; chain: string; value: string }[];
  evidence_missing: string[];
  attachments: Attachment[];
};
export type Note = { id: number; text: string; created_at: string; author?: { email: string; name?: string | null } | null; author_email?: string };
export type TicketSummary = {
  id: number;
  reference: string;
  subject: string;
  status: string;
  category: string;
  priority: string;
  requester: { address: string; name: string | null };
  updated_at: string;
  created_at: string;
};
export type Ticket = TicketSummary & {
  messages: Message[];
  notes?: Note[];
  assignee?: { id: number; email: string; name?: string | null } | null;
  tags?: string[];
};
export type TicketPage = { items: TicketSummary[]; total: number; next_cursor: string | null };
export type Macro = { id: number; name: string; body_en: string; body_zh: string };
export type Viewer = { id: number; email: string; name?: string | null; typing: boolean };
