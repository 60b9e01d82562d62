import { z } from 'zod';
import { ticketStatus } from './schemas.ts';
import { CATEGORIES, PRIORITIES } from './triage/triage-labels.ts';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'a tag must not be empty')
  .max(MAX_TAG_LENGTH, `a tag has at most ${MAX_TAG_LENGTH} characters`)
  .regex(/^[^\p{Cc},]+$/u, 'a tag holds no commas or control characters');

export const ticketPatchBody = z
  .object({
    status: ticketStatus.optional(),
    priority: z.enum(PRIORITIES).optional(),
    category: z.enum(CATEGORIES).optional(),
    assignee_id: z.number().int().positive().nullable().optional().describe('an active agent, or null to unassign'),
    tags: z
      .array(tag)
      .max(MAX_TAGS, `at most ${MAX_TAGS} tags`)
      .transform((tags) => [...new Set(tags)])
      .optional()
      .describe('replaces the ticket\'s tags; trimmed and lower-cased'),
  })
  .strict();

export type TicketPatch = z.infer<typeof ticketPatchBody>;

export const noteBody = z.object({ text: z.string().trim().min(1, 'text must not be empty').max(100_000) });
