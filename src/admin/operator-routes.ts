import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { requireAdminOf } from '../platform/http/authenticated-agent.ts';
import { notFound } from '../platform/http/create-http-server.ts';
import { credentialResetBody, passwordResetBody, resetAgentPassword, resetAgentTotp } from './agent-credentials.ts';
import { agentIdParams } from './schemas.ts';
import { listTokens, revokeToken } from './tokens.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });

export const tokenJson = z.object({
  id: z.number().int(),
  kind: z.enum(['agent', 'service']).describe('agent: an API token of an agent; service: a wallet-backend token'),
  owner: z.string().describe("the agent's email, or the service's name"),
  agent_id: z.number().int().nullable(),
  label: z.string().nullable(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
});

/** Tokens and agents' credentials, for admins (403 for agents); every change lands in the audit log. */
export function operatorRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/tokens', {
      schema: { summary: 'API and service tokens, never their values (admins)', response: { 200: z.object({ items: z.array(tokenJson) }), 403: errorJson } },
    }, async (request) => {
      requireAdminOf(request);
      return { items: await listTokens(db) };
    });

    app.delete('/tokens/:id', {
      schema: {
        summary: 'Revoke a token at once (admins)',
        description: 'kind=service revokes a wallet-backend token; the default is an agent API token.',
        params: z.object({ id: z.coerce.number().int().positive() }),
        querystring: z.object({ kind: z.enum(['agent', 'service']).default('agent') }),
        response: { 204: z.null(), 403: errorJson, 404: errorJson },
      },
    }, async (request, reply) => {
      const admin = requireAdminOf(request);
      const revoked = await revokeToken(db, request.query.kind, request.params.id, admin.id, 'api');
      return revoked ? reply.code(204).send(null) : reply.code(404).send(notFound('token'));
    });

    app.post('/agents/:id/password', {
      schema: {
        summary: "Set an agent's password (admins)",
        description: "Ends every console session of the agent's; API tokens stay. Audited.",
        params: agentIdParams,
        body: passwordResetBody,
        response: { 204: z.null(), 403: errorJson, 404: errorJson },
      },
    }, async (request, reply) => {
      const admin = requireAdminOf(request);
      const done = await resetAgentPassword(db, request.params.id, request.body.password, { actorAgentId: admin.id, via: 'api', reason: request.body.reason });
      return done ? reply.code(204).send(null) : reply.code(404).send(notFound('agent'));
    });

    app.post('/agents/:id/totp-reset', {
      schema: {
        summary: "Remove an agent's TOTP, e.g. after a lost phone (admins)",
        description: 'Ends every console session of the agent; when TOTP is required of them, the next sign-in enrols again. Audited.',
        params: agentIdParams,
        body: credentialResetBody.optional(),
        response: { 204: z.null(), 403: errorJson, 404: errorJson },
      },
    }, async (request, reply) => {
      const admin = requireAdminOf(request);
      const done = await resetAgentTotp(db, request.params.id, { actorAgentId: admin.id, via: 'api', reason: request.body?.reason });
      return done ? reply.code(204).send(null) : reply.code(404).send(notFound('agent'));
    });
  };
}
