import { z } from 'zod';

export const ticketStatus = z.enum(['new', 'open', 'pending', 'resolved', 'closed']);

export const partyJson = z.object({ address: z.string(), name: z.string().nullable() });

export const attachmentJson = z.object({
  id: z.number().int(),
  filename: z.string(),
  content_type: z.string(),
  size: z.number().int(),
  inline: z.boolean(),
  content_id: z.string().nullable(),
});

export const messageJson = z.object({
  id: z.number().int(),
  direction: z.enum(['inbound', 'outbound']),
  kind: z.enum(['customer', 'acknowledgement', 'reply']),
  channel: z.string(),
  from: z.string(),
  from_name: z.string().nullable(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable().describe('sanitised HTML; show it only in a sandboxed frame'),
  message_id: z.string().nullable().describe('the mail Message-ID, when the message travelled by mail'),
  delivery_status: z.enum(['received', 'queued', 'sent', 'failed', 'not_sent']),
  created_at: z.string(),
  attachments: z.array(attachmentJson),
});

export const ticketSummaryJson = z.object({
  id: z.number().int(),
  reference: z.string(),
  subject: z.string(),
  status: ticketStatus,
  category: z.string(),
  priority: z.string(),
  requester: partyJson,
  locale: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const ticketJson = ticketSummaryJson.extend({ messages: z.array(messageJson) });

export const ticketListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'cursor must be the next_cursor of a previous page')
    .optional(),
  q: z.string().max(500).optional(),
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
