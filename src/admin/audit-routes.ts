import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit } from '../platform/audit/audit-log.ts';
import type { Db } from '../platform/db/connect.ts';
import { requireAdminOf } from '../platform/http/authenticated-agent.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });
const id = z.coerce.number().int().positive();

export const auditEntryJson = z.object({
  id: z.number().int(),
  at: z.string(),
  actor_agent_id: z.number().int().nullable().describe('null: an operator at the command line'),
  action: z.string(),
  target: z.string().describe('kind:id, e.g. agent:4, token:9, message:120'),
  account_id: z.number().int().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prev_hash: z.string(),
  hash: z.string().describe('SHA-256 over prev_hash and this entry; `walletdesk audit verify` checks the chain'),
});

/** The audit log, for admins: who did what to whom, newest first. */
export function auditRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/audit', {
      schema: {
        summary: 'The audit log (admins)',
        description: 'agent_id matches what the agent did and what was done to them.',
        querystring: z.object({
          account_id: id.optional(),
          agent_id: id.optional(),
          action: z.string().trim().min(1).max(100).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().regex(/^\d{1,15}$/, 'cursor must be the next_cursor of a previous page').optional(),
        }),
        response: { 200: z.object({ items: z.array(auditEntryJson), next_cursor: z.string().nullable() }), 403: errorJson },
      },
    }, async (request) => {
      requireAdminOf(request);
      const { account_id, agent_id, action, limit, cursor } = request.query;
      const rows = await listAudit(db, {
        limit: limit + 1,
        ...(account_id !== undefined && { accountId: account_id }),
        ...(agent_id !== undefined && { agentId: agent_id }),
        ...(action !== undefined && { action }),
        ...(cursor !== undefined && { beforeId: Number(cursor) }),
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map((e) => ({
          id: e.id,
          at: new Date(e.at).toISOString(),
          actor_agent_id: e.actor_agent_id,
          action: e.action,
          target: e.target,
          account_id: e.account_id,
          reason: e.reason,
          details: JSON.parse(e.details_json) as Record<string, unknown>,
          prev_hash: e.prev_hash,
          hash: e.hash,
        })),
        next_cursor: rows.length > limit ? String(page.at(-1)?.id) : null,
      };
    });
  };
}
