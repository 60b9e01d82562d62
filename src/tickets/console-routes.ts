import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { requireAgentOf } from '../platform/http/authenticated-agent.ts';
import { notFound } from '../platform/http/create-http-server.ts';
import { noteBody, ticketPatchBody } from './console-schemas.ts';
import { getTicket } from './get-ticket.ts';
import { noteJson, ticketIdParams, ticketJson } from './schemas.ts';
import { addTicketNote } from './ticket-notes.ts';
import { updateTicket } from './update-ticket.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });

/** The console's ticket actions: corrections, assignment, tags and internal notes. */
export function consoleRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.patch('/tickets/:id', {
      schema: {
        summary: 'Change status, priority, category, assignee or tags',
        params: ticketIdParams,
        body: ticketPatchBody,
        response: { 200: ticketJson, 400: errorJson, 404: errorJson },
      },
    }, async (request, reply) => {
      requireAgentOf(request);
      const result = await updateTicket(db, request.params.id, request.body);
      if (result === 'not_found') return reply.code(404).send(notFound('ticket'));
      if (result === 'bad_assignee') {
        return reply.code(400).send({ error: 'bad_request', message: `body.assignee_id: no active agent with id ${request.body.assignee_id}` });
      }
      const ticket = await getTicket(db, request.params.id);
      return ticket ?? reply.code(404).send(notFound('ticket'));
    });

    app.post('/tickets/:id/notes', {
      schema: {
        summary: 'Add an internal note (never sent to the customer)',
        params: ticketIdParams,
        body: noteBody,
        response: { 201: noteJson, 404: errorJson },
      },
    }, async (request, reply) => {
      const agent = requireAgentOf(request);
      const note = await addTicketNote(db, { ticketId: request.params.id, agentId: agent.id, text: request.body.text });
      if (!note) return reply.code(404).send(notFound('ticket'));
      return reply.code(201).send(note);
    });
  };
}
