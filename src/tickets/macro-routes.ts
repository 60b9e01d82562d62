import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { requireAdminOf, requireAgentOf } from '../platform/http/authenticated-agent.ts';
import { notFound } from '../platform/http/create-http-server.ts';
import { macroBody, macroIdParams, macroJson, macroListQuery, renderBody, renderedJson } from './macro-schemas.ts';
import { createMacro, deleteMacro, listMacros, MacroNameTakenError, renderMacro, replaceMacro } from './macros.ts';
import type { TicketSettings } from './settings.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });

function nameTaken(err: unknown) {
  if (err instanceof MacroNameTakenError) return { error: 'conflict', message: `body.name: ${err.message}` };
  throw err;
}

/** Canned replies: every agent reads and renders them; only admins write them. */
export function macroRoutes(db: Db, settings: Pick<TicketSettings, 'deskAddress'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/macros', {
      schema: { summary: 'List macros (canned replies)', querystring: macroListQuery, response: { 200: z.object({ items: z.array(macroJson) }) } },
    }, async (request) => {
      requireAgentOf(request);
      return { items: await listMacros(db, request.query.active === true) };
    });

    app.post('/macros', {
      schema: { summary: 'Create a macro (admins)', body: macroBody, response: { 201: macroJson, 403: errorJson, 409: errorJson } },
    }, async (request, reply) => {
      requireAdminOf(request);
      try {
        return reply.code(201).send(await createMacro(db, request.body));
      } catch (err) {
        return reply.code(409).send(nameTaken(err));
      }
    });

    app.put('/macros/:id', {
      schema: { summary: 'Replace a macro (admins)', params: macroIdParams, body: macroBody, response: { 200: macroJson, 403: errorJson, 404: errorJson, 409: errorJson } },
    }, async (request, reply) => {
      requireAdminOf(request);
      try {
        const macro = await replaceMacro(db, request.params.id, request.body);
        return macro ?? reply.code(404).send(notFound('macro'));
      } catch (err) {
        return reply.code(409).send(nameTaken(err));
      }
    });

    app.delete('/macros/:id', {
      schema: { summary: 'Delete a macro (admins)', params: macroIdParams, response: { 204: z.null(), 403: errorJson, 404: errorJson } },
    }, async (request, reply) => {
      requireAdminOf(request);
      if (!(await deleteMacro(db, request.params.id))) return reply.code(404).send(notFound('macro'));
      return reply.code(204).send(null);
    });

    app.post('/macros/:id/render', {
      schema: {
        summary: "Fill a macro's placeholders for a ticket, in the ticket's language",
        params: macroIdParams,
        body: renderBody,
        response: { 200: renderedJson, 404: errorJson, 409: errorJson },
      },
    }, async (request, reply) => {
      const agent = requireAgentOf(request);
      const result = await renderMacro(db, { macroId: request.params.id, ticketId: request.body.ticket_id, agentId: agent.id, supportAddress: settings.deskAddress });
      switch (result.kind) {
        case 'no_macro':
          return reply.code(404).send(notFound('macro'));
        case 'no_ticket':
          return reply.code(404).send(notFound('ticket'));
        case 'inactive':
          return reply.code(409).send({ error: 'macro_inactive', message: 'the macro is inactive' });
        case 'rendered':
          return { text: result.text, locale: result.locale };
      }
    });
  };
}
