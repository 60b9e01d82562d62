import { z } from 'zod';
import { agentRole, newAgent } from '../agents/add-agent.ts';

export const agentJson = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string().nullable(),
  role: agentRole,
  active: z.boolean(),
  created_at: z.string(),
});

export const newAgentBody = newAgent.strict();

export const agentPatchBody = z
  .object({
    role: agentRole.optional(),
    active: z.boolean().optional().describe('false: the agent can no longer sign in and every API token of theirs stops working'),
    name: z.string().trim().max(200).nullable().optional(),
  })
  .strict();

export const agentIdParams = z.object({ id: z.coerce.number().int().positive() });

export const addressesJson = z.object({
  support_address: z.string(),
  aliases: z.array(z.string()),
  editable: z.literal(false).describe('read-only for now: set WALLETDESK_SUPPORT_ADDRESS and WALLETDESK_SUPPORT_ALIASES and restart'),
});

export type AgentJson = z.infer<typeof agentJson>;
export type AgentPatch = z.infer<typeof agentPatchBody>;
