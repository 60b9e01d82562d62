import { z } from 'zod';
import { CATEGORIES, PRIORITIES } from './triage/triage-labels.ts';

export const ticketStatus = z.enum(['new', 'open', 'pending', 'resolved', 'closed']);

export const partyJson = z.object({ address: z.string(), name: z.string().nullable() });
export const requesterJson = partyJson.extend({ id: z.number().int().describe('the contact id') });
export const agentRefJson = z.object({ id: z.number().int(), email: z.string(), name: z.string().nullable() });

export const deliveryStatus = z.enum(['received', 'queued', 'sent', 'delayed', 'failed', 'not_sent']);
export const messageKind = z.enum(['customer', 'acknowledgement', 'reply']);

const authWord = z.enum(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror']);
export const authJson = z.object({ spf: authWord, dkim: authWord, dmarc: authWord, arc: authWord });

export const chainRefJson = z.object({ kind: z.enum(['tx', 'address']), chain: z.string(), value: z.string() });

export const attachmentJson = z.object({
  id: z.number().int(),
  filename: z.string(),
  content_type: z.string(),
  size: z.number().int(),
  inline: z.boolean(),
  content_id: z.string().nullable(),
  detected_type: z.string().nullable().describe('the type the content really is, from its bytes'),
  quarantined: z.boolean(),
  quarantine_reason: z.string().nullable(),
});

export const messageJson = z.object({
  id: z.number().int(),
  direction: z.enum(['inbound', 'outbound']),
  kind: messageKind,
  channel: z.string(),
  from: z.string(),
  from_name: z.string().nullable(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable().describe('sanitised HTML; show it only in a sandboxed frame'),
  message_id: z.string().nullable().describe('the mail Message-ID, when the message travelled by mail'),
  delivery_status: deliveryStatus,
  created_at: z.string(),
  auth: authJson.nullable().describe('sender authenticity of inbound mail; null for other channels and our own messages'),
  unverified_sender: z.boolean().describe('true unless DMARC passed for the From domain: never drives an account action'),
  automated: z.boolean().describe('an automatic answer such as an out-of-office notice'),
  threading_note: z.string().nullable().describe('why this message opened a new ticket instead of joining the one it named (its sender did not prove the address); null otherwise'),
  chain_refs: z.array(chainRefJson),
  evidence_missing: z.array(z.string()).describe('checklist items the ticket still lacks after this message'),
  attachments: z.array(attachmentJson),
});

export const ticketSummaryJson = z.object({
  id: z.number().int(),
  reference: z.string(),
  subject: z.string(),
  status: ticketStatus,
  category: z.string(),
  priority: z.string(),
  requester: requesterJson,
  locale: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  assignee: agentRefJson.nullable(),
  tags: z.array(z.string()),
});

export const noteJson = z.object({ id: z.number().int(), author: agentRefJson, text: z.string(), created_at: z.string() });

export const ticketJson = ticketSummaryJson.extend({
  messages: z.array(messageJson),
  notes: z.array(noteJson).describe('internal notes: agents only, never mailed, never on the status page'),
});

export const ticketView = z.enum(['all_open', 'unassigned', 'mine', 'pending']);
export const ticketSort = z.enum(['newest', 'oldest', 'updated', 'priority']);

export const ticketListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'cursor must be the next_cursor of a previous page')
    .optional(),
  q: z.string().max(500).optional(),
  view: ticketView.optional().describe('all_open: new or open; unassigned: open with nobody assigned; mine: assigned to me and not solved; pending: waiting for the customer'),
  status: ticketStatus.optional(),
  category: z.enum(CATEGORIES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  assignee_id: z.coerce.number().int().positive().optional(),
  tag: z.string().trim().toLowerCase().min(1).max(40).optional(),
  sort: ticketSort.default('newest').describe('newest/oldest by creation; updated: last change first; priority: urgent first, longest waiting first within a priority'),
});

export const ticketListJson = z.object({
  items: z.array(ticketSummaryJson),
  total: z.number().int(),
  next_cursor: z.string().nullable(),
});

export const ticketIdParams = z.object({ id: z.coerce.number().int().positive() });
export const attachmentParams = ticketIdParams.extend({ attachment_id: z.coerce.number().int().positive() });

export const replyBody = z.object({
  text: z.string().trim().min(1, 'text must not be empty').max(200_000),
  html: z.string().max(1_000_000).optional(),
});

export type TicketJson = z.infer<typeof ticketJson>;
export type TicketSummaryJson = z.infer<typeof ticketSummaryJson>;
export type MessageJson = z.infer<typeof messageJson>;
export type NoteJson = z.infer<typeof noteJson>;
export type AgentRefJson = z.infer<typeof agentRefJson>;
export type TicketListQuery = z.infer<typeof ticketListQuery>;
