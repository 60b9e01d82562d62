import { z } from 'zod';
import { agentRole, newAgent } from '../agents/add-agent.ts';

export const agentJson = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string().nullable(),
  role: agentRole,
  active: z.boolean(),
  require_totp: z.boolean().describe('this agent must sign in with TOTP (WALLETDESK_AGENT_REQUIRE_TOTP requires it of everyone)'),
  totp_enabled: z.boolean().describe('the agent has set up TOTP'),
  created_at: z.string(),
});

export const newAgentBody = newAgent.strict();

export const agentPatchBody = z
  .object({
    role: agentRole.optional(),
    active: z.boolean().optional().describe('false: the agent can no longer sign in and every API token of theirs stops working'),
    name: z.string().trim().max(200).nullable().optional(),
    require_totp: z
      .boolean()
      .optional()
      .describe('true: the agent must sign in with TOTP; an agent without TOTP yet is signed out and sets it up at the next sign-in'),
  })
  .strict();

export const agentIdParams = z.object({ id: z.coerce.number().int().positive() });

export const aliasJson = z.object({
  address: z.string(),
  source: z.enum(['configuration', 'console']).describe('configuration: from WALLETDESK_SUPPORT_ALIASES, not removable here'),
});

export const addressesJson = z.object({
  support_address: z.string().describe('WALLETDESK_SUPPORT_ADDRESS; change it there and restart'),
  aliases: z.array(aliasJson),
  editable: z.literal(true).describe('aliases can be added and removed through /settings/aliases'),
});

export const aliasAddress = z.string().trim().toLowerCase().max(254, 'address must be at most 254 characters');
export const newAliasBody = z.object({ address: aliasAddress.pipe(z.email({ pattern: z.regexes.unicodeEmail, message: 'address must be an email address' })) }).strict();
export const aliasParams = z.object({ address: aliasAddress });

export type AgentJson = z.infer<typeof agentJson>;
export type AgentPatch = z.infer<typeof agentPatchBody>;
export type AliasJson = z.infer<typeof aliasJson>;
