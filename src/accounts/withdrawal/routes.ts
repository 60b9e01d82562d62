import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db/connect.ts';
import { errorJson } from '../account-schemas.ts';
import { serviceForToken } from './service-tokens.ts';
import { withdrawalStatus, withdrawalStatusJson } from './withdrawal-status.ts';


/**
 * The wallet backend's questions, under /api/v1/accounts, outside the agents' scope: a service token is the only
 * credential accepted here, never an agent's token or session.
 */
export function withdrawalRoutes(db: Db) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.get('/:id/withdrawal-status', {
      schema: {
        summary: 'Whether the wallet backend may let this account withdraw',
        security: [{ bearer: [] }],
        params: z.object({ id: z.string().regex(/^[1-9][0-9]{0,15}$/, 'must be a positive whole number') }),
        response: { 200: withdrawalStatusJson, 401: errorJson, 404: errorJson },
      },
      onRequest: async (request, reply) => {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
        const service = match?.[1] ? await serviceForToken(db, match[1]) : undefined;
        if (!service) {
          reply.header('WWW-Authenticate', 'Bearer');
          return reply.code(401).send({ error: 'unauthorized', message: match ? 'not a service token (walletdesk token create --service NAME)' : 'missing bearer token' });
        }
      },
    }, async (request, reply) => {
      const status = await withdrawalStatus(db, Number(request.params.id));
      if (!status) return reply.code(404).send({ error: 'not_found', message: `account ${request.params.id} not found` });
      return status;
    });
  };
}
