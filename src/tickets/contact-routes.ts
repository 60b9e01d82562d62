import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { notFound } from '../platform/http/create-http-server.ts';
import { antiPhishingPhrase, setAntiPhishingPhrase } from './anti-phishing-phrase.ts';

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

    app.put('/contacts/:id/anti-phishing-phrase', {
      schema: {
        summary: "Set or clear (phrase: null) a contact's anti-phishing phrase",
        params: contactParams,
        body: z.object({ phrase: antiPhishingPhrase.nullable() }),
        response: { 204: z.null(), 404: errorJson },
      },
    }, async (request, reply) => {
      const found = await setAntiPhishingPhrase(db, request.params.id, request.body.phrase);
      return found ? reply.code(204).send(null) : reply.code(404).send(notFound('contact'));
    });
  };
}
