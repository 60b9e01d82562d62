import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { requireAgentOf } from '../platform/http/authenticated-agent.ts';
import { notFound } from '../platform/http/create-http-server.ts';
import { ticketIdParams, type AgentRefJson } from './schemas.ts';
import type { PresenceViewer, TicketPresence } from './ticket-presence.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });
const viewerJson = z.object({ id: z.number().int(), email: z.string(), name: z.string().nullable(), typing: z.boolean() });
const presenceJson = z.object({ viewers: z.array(viewerJson) });

/** Proxies close idle connections after a minute or so; a comment line every 15 s keeps the stream open. */
const KEEPALIVE_MS = 15_000;

async function agentRef(db: Db, agent: { id: number; email: string }): Promise<AgentRefJson> {
  const row = await db.selectFrom('agents').select('name').where('id', '=', agent.id).executeTakeFirst();
  return { id: agent.id, email: agent.email, name: row?.name ?? null };
}

async function ticketExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('tickets').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

function presenceEvent(viewers: PresenceViewer[]): string {
  return `event: presence\ndata: ${JSON.stringify({ viewers })}\n\n`;
}

/** Collision warning: who else has a ticket open, and who is typing a reply. */
export function presenceRoutes(db: Db, presence: TicketPresence): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preClose', async () => presence.close());

    app.get('/tickets/:id/presence', {
      schema: {
        summary: 'Presence stream (Server-Sent Events)',
        description: 'text/event-stream: `event: presence` with `{viewers: [{id, email, name, typing}]}` now and on every change. Opening the stream makes the caller a viewer until it closes.',
        params: ticketIdParams,
        response: { 404: errorJson },
      },
    }, async (request, reply) => {
      const agent = requireAgentOf(request);
      const ticketId = request.params.id;
      if (!(await ticketExists(db, ticketId))) return reply.code(404).send(notFound('ticket'));
      const me = await agentRef(db, agent);

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        // nginx would otherwise buffer the stream and deliver events late.
        'X-Accel-Buffering': 'no',
      });
      const send = (viewers: PresenceViewer[]) => res.write(presenceEvent(viewers));
      const unsubscribe = presence.subscribe(ticketId, send);
      const leave = presence.openStream(ticketId, me);
      // Our own join may have announced nothing new (a heartbeat made us present already): always start with the state.
      send(presence.viewers(ticketId));
      const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
      let stopShutdown: () => void = () => {};
      const finish = () => {
        clearInterval(keepalive);
        unsubscribe();
        stopShutdown();
        leave();
      };
      stopShutdown = presence.onShutdown(() => {
        finish();
        res.end();
      });
      // The response's close, not the request's: a request stream closes as soon as its (empty) body is read.
      res.once('close', finish);
    });

    app.post('/tickets/:id/presence', {
      schema: {
        summary: 'Presence heartbeat: I am on this ticket, typing or not',
        description: 'Send every ~10 s while the ticket is open, and at once when typing starts or stops; an entry lapses ~30 s after its last heartbeat.',
        params: ticketIdParams,
        body: z.object({ typing: z.boolean() }),
        response: { 200: presenceJson, 404: errorJson },
      },
    }, async (request, reply) => {
      const agent = requireAgentOf(request);
      const ticketId = request.params.id;
      if (!(await ticketExists(db, ticketId))) return reply.code(404).send(notFound('ticket'));
      presence.heartbeat(ticketId, await agentRef(db, agent), request.body.typing);
      return { viewers: presence.viewers(ticketId) };
    });
  };
}
