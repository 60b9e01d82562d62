import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addAgent, AgentExistsError } from '../agents/add-agent.ts';
import type { Db, Dialect } from '../platform/db/connect.ts';
import { requireAdminOf } from '../platform/http/authenticated-agent.ts';
import { notFound } from '../platform/http/create-http-server.ts';
import { getAgent, listAgents, patchAgent } from './manage-agents.ts';
import { addressesJson, agentIdParams, agentJson, agentPatchBody, newAgentBody } from './schemas.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });

export type AddressSettings = { supportAddress: string; acceptedAddresses: string[] };

/** Desk administration: agents and their roles, and the support addresses. Admins only (403 for agents). */
export function adminRoutes(db: Db, dialect: Dialect, addresses: AddressSettings): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/agents', {
      schema: { summary: 'List agents (admins)', response: { 200: z.object({ items: z.array(agentJson) }), 403: errorJson } },
    }, async (request) => {
      requireAdminOf(request);
      return { items: await listAgents(db) };
    });

    app.post('/agents', {
      schema: { summary: 'Add an agent (admins)', body: newAgentBody, response: { 201: agentJson, 403: errorJson, 409: errorJson } },
    }, async (request, reply) => {
      requireAdminOf(request);
      try {
        const id = await addAgent(db, request.body);
        const agent = await getAgent(db, id);
        if (!agent) throw new Error(`agent ${id} vanished after it was added`);
        return reply.code(201).send(agent);
      } catch (err) {
        if (err instanceof AgentExistsError) return reply.code(409).send({ error: 'conflict', message: `body.email: ${err.message}` });
        throw err;
      }
    });

    app.patch('/agents/:id', {
      schema: {
        summary: "Change an agent's role, name or active flag (admins)",
        description: 'The last active admin cannot be demoted or deactivated (409).',
        params: agentIdParams,
        body: agentPatchBody,
        response: { 200: agentJson, 403: errorJson, 404: errorJson, 409: errorJson },
      },
    }, async (request, reply) => {
      requireAdminOf(request);
      const result = await patchAgent(db, dialect, request.params.id, request.body);
      if (result.kind === 'not_found') return reply.code(404).send(notFound('agent'));
      if (result.kind === 'last_admin') {
        return reply.code(409).send({ error: 'last_admin', message: 'the desk needs an active admin: make another agent admin first' });
      }
      return result.agent;
    });

    app.get('/settings/addresses', {
      schema: {
        summary: 'Support address and aliases (admins; read-only for now)',
        description: 'Comes from WALLETDESK_SUPPORT_ADDRESS and WALLETDESK_SUPPORT_ALIASES; change them there and restart.',
        response: { 200: addressesJson, 403: errorJson },
      },
    }, async (request) => {
      requireAdminOf(request);
      return {
        support_address: addresses.supportAddress,
        aliases: addresses.acceptedAddresses.filter((a) => a !== addresses.supportAddress),
        editable: false as const,
      };
    });
  };
}
