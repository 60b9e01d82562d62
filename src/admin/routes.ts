import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addAgent, AgentExistsError } from '../agents/add-agent.ts';
import type { Db, Dialect } from '../platform/db/connect.ts';
import { requireAdminOf } from '../platform/http/authenticated-agent.ts';
import { notFound } from '../platform/http/create-http-server.ts';
import { auditRoutes } from './audit-routes.ts';
import { getAgent, listAgents, patchAgent } from './manage-agents.ts';
import { operatorRoutes } from './operator-routes.ts';
import { addressesJson, agentIdParams, agentJson, agentPatchBody, aliasJson, aliasParams, newAgentBody, newAliasBody } from './schemas.ts';
import type { SupportAddresses } from './support-addresses.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });

/** Desk administration: agents and their roles, and the support addresses. Admins only (403 for agents). */
export function adminRoutes(db: Db, dialect: Dialect, addresses: SupportAddresses): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(operatorRoutes(db));
    await app.register(auditRoutes(db));
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
        summary: "Change an agent's role, name, active flag or TOTP requirement (admins)",
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
        summary: 'Support address and aliases (admins)',
        description: 'The support address comes from WALLETDESK_SUPPORT_ADDRESS; aliases from WALLETDESK_SUPPORT_ALIASES (source "configuration") and from the console (source "console").',
        response: { 200: addressesJson, 403: errorJson },
      },
    }, async (request) => {
      requireAdminOf(request);
      return { support_address: addresses.settings.supportAddress, aliases: await addresses.list(), editable: true as const };
    });

    app.post('/settings/aliases', {
      schema: {
        summary: 'Add a support alias (admins)',
        description: 'SMTP intake accepts mail for it within seconds, on every process of the desk.',
        body: newAliasBody,
        response: { 201: aliasJson, 403: errorJson, 409: errorJson },
      },
    }, async (request, reply) => {
      const admin = requireAdminOf(request);
      const { address } = request.body;
      if ((await addresses.add(address, admin.id)) === 'exists') {
        return reply.code(409).send({ error: 'conflict', message: `body.address: ${address} is a support address already` });
      }
      return reply.code(201).send({ address, source: 'console' as const });
    });

    app.delete('/settings/aliases/:address', {
      schema: {
        summary: 'Remove a support alias added in the console (admins)',
        description: 'Aliases from the configuration cannot be removed here (409).',
        params: aliasParams,
        response: { 204: z.null(), 403: errorJson, 404: errorJson, 409: errorJson },
      },
    }, async (request, reply) => {
      requireAdminOf(request);
      const result = await addresses.remove(request.params.address);
      if (result === 'not_found') return reply.code(404).send(notFound('alias'));
      if (result === 'configured') {
        return reply.code(409).send({ error: 'configured', message: `${request.params.address} comes from the configuration (WALLETDESK_SUPPORT_ADDRESS or _ALIASES): change it there and restart` });
      }
      return reply.code(204).send(null);
    });
  };
}
