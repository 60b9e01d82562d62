import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { notFound } from '../platform/http/create-http-server.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });
const contactParams = z.object({ id: z.coerce.number().int().positive() });

const contactJson = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string().nullable(),
  // The phrase itself is the customer's secret with us: agents see only whether one is set, so a phisher who
  // talks an agent round still cannot learn it.
  anti_phishing_phrase_set: z.boolean(),
});

export function contactRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/contacts/:id', {
      schema: { summary: 'A customer contact', params: contactParams, response: { 200: contactJson, 404: errorJson } },
    }, async (request, reply) => {
      const row = await db.selectFrom('contacts').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      if (!row) return reply.code(404).send(notFound('contact'));
      return { id: row.id, email: row.email, name: row.name, anti_phishing_phrase_set: row.anti_phishing_phrase !== null };
    });

    // The phrase proves to the customer that a mail is ours, so only the customer may choose it, signed in to the
    // security center (PUT /api/v1/account/anti-phishing-phrase). An agent who could set it could phish that
    // customer with a phrase of their own choosing. The route stays, refusing, so old scripts learn why.
    app.put('/contacts/:id/anti-phishing-phrase', {
      schema: {
        summary: "Deprecated: agents cannot set a customer's anti-phishing phrase (403)",
        description: 'Only the customer sets their phrase, in the security center (PUT /api/v1/account/anti-phishing-phrase). Always 403; nothing changes.',
        deprecated: true,
        params: contactParams,
        response: { 403: errorJson },
      },
    }, async (_request, reply) =>
      reply.code(403).send({
        error: 'customer_only',
        message: 'only the customer sets their anti-phishing phrase, in the security center (/account); agents and admins cannot set or clear it',
      }),
    );
  };
}
