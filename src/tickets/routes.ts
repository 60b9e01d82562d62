import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { requireAgentOf } from '../platform/http/authenticated-agent.ts';
import { notFound } from '../platform/http/create-http-server.ts';
import { recordAudit } from '../platform/audit/audit-log.ts';
import { getBlob } from '../platform/storage/blobs.ts';
import { getTicket, getTicketAttachment } from './get-ticket.ts';
import { listTickets } from './list-tickets.ts';
import { replyToTicket } from './reply.ts';
import {
  attachmentParams,
  messageJson,
  replyBody,
  ticketIdParams,
  ticketJson,
  ticketListJson,
  ticketListQuery,
} from './schemas.ts';
import type { TicketSettings } from './settings.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });

/** A filename safe inside a quoted header value, plus its RFC 5987 form for the non-ASCII original. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function ticketRoutes(db: Db, settings: TicketSettings): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/tickets', {
      schema: { summary: 'List tickets by view, filters and sort', querystring: ticketListQuery, response: { 200: ticketListJson } },
    }, async (request) => listTickets(db, request.query, request.agent?.id));

    app.get('/tickets/:id', {
      schema: { summary: 'One ticket with its conversation', params: ticketIdParams, response: { 200: ticketJson, 404: errorJson } },
    }, async (request, reply) => {
      const ticket = await getTicket(db, request.params.id);
      return ticket ?? reply.code(404).send(notFound('ticket'));
    });

    app.get('/tickets/:id/attachments/:attachment_id', {
      schema: {
        summary: 'Download an attachment',
        description: 'A quarantined attachment downloads only for an admin who passes override=true; the download is logged.',
        params: attachmentParams,
        querystring: z.object({ override: z.stringbool().default(false) }),
      },
    }, async (request, reply) => {
      const agent = requireAgentOf(request);
      const found = await getTicketAttachment(db, request.params.id, request.params.attachment_id);
      const data = found && (await getBlob(db, found.blob_hash));
      if (!found || !data) return reply.code(404).send(notFound('attachment'));
      if (found.quarantined === 1) {
        if (agent.role !== 'admin' || !request.query.override) {
          return reply.code(403).send({
            error: 'quarantined',
            message: `attachment quarantined: ${found.quarantine_reason ?? 'unsafe content'}; an admin may download it with override=true`,
          });
        }
        request.log.warn({ agent_id: agent.id, attachment_id: request.params.attachment_id }, 'quarantined attachment released by admin override');
        await recordAudit(db, { actorAgentId: agent.id, action: 'attachment.quarantine_override', target: `attachment:${request.params.attachment_id}`, details: { ticket_id: request.params.id } });
      }
      // Always a download, never rendered: an attachment is customer content of any type. A quarantined file's
      // declared type is the sender's claim that the content check found false (an executable named photo.png), so
      // it goes out as plain bytes: no viewer is picked for it by a type it lied about.
      const contentType = found.quarantined === 1 || !found.content_type.includes('/') ? 'application/octet-stream' : found.content_type;
      return reply
        .header('Content-Type', contentType)
        .header('Content-Disposition', contentDisposition(found.filename))
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .send(data);
    });

    app.post('/tickets/:id/replies', {
      schema: {
        summary: 'Reply to the customer',
        params: ticketIdParams,
        body: replyBody,
        response: { 201: messageJson, 404: errorJson },
      },
    }, async (request, reply) => {
      const agent = requireAgentOf(request);
      const messageId = await replyToTicket(db, settings, { ticketId: request.params.id, agentId: agent.id, ...request.body });
      if (messageId === undefined) return reply.code(404).send(notFound('ticket'));
      const ticket = await getTicket(db, request.params.id);
      const message = ticket?.messages.find((m) => m.id === messageId);
      if (!message) throw new Error(`reply ${messageId} vanished after it was recorded`);
      return reply.code(201).send(message);
    });
  };
}
