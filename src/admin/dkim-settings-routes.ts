import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAdminOf } from '../platform/http/authenticated-agent.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });

/** The record receivers look up to check our DKIM signatures; server.ts hands it in (the mailbox makes the key). */
export const dkimRecordJson = z.object({
  selector: z.string(),
  domain: z.string(),
  name: z.string().describe('SELECTOR._domainkey.DOMAIN'),
  type: z.literal('TXT'),
  value: z.string().describe('v=DKIM1; k=rsa; p=…'),
  source: z.enum(['configured', 'file', 'created']).describe('configured: WALLETDESK_DKIM_PRIVATE_KEY_FILE; otherwise the key kept in the data folder'),
});

/** GET /settings/dkim: the DNS TXT record to publish so receivers can tell our mail from a forgery (admins only). */
export function dkimSettingsRoutes(record: z.infer<typeof dkimRecordJson>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/settings/dkim', {
      schema: {
        summary: 'DKIM DNS record of our outbound mail (admins)',
        description: 'Publish `value` as a TXT record at `name`; `walletdesk dkim` prints the same.',
        response: { 200: dkimRecordJson, 403: errorJson },
      },
    }, async (request) => {
      requireAdminOf(request);
      return record;
    });
  };
}
