import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db/connect.ts';
import { antiPhishingPhrase } from '../../tickets/anti-phishing-phrase.ts';
import { accountOf, recentlyAuthenticatedAccountOf } from '../account-auth.ts';
import { errorJson, lockedOutJson } from '../account-schemas.ts';
import type { AccountSettings } from '../account-settings.ts';
import { lockedOut } from '../credential-answers.ts';
import { freezeAccount } from './freeze-account.ts';
import { verifyFreezeToken } from './freeze-link.ts';
import { securityOverview, securityOverviewJson } from './security-overview.ts';
import { EmailNotVerifiedError, setAccountPhrase } from './set-account-phrase.ts';
import { stolenReport } from './stolen-report.ts';

const frozenJson = z.object({ frozen: z.literal(true), ticket_reference: z.string().optional() });

/** Every report after the first adds a message to the urgent ticket; a stuck button or a script must not flood it. */
export const STOLEN_REPORTS_PER_HOUR = 5;
const HOUR_MS = 3_600_000;

/** The security center: overview, anti-phishing phrase, freeze (signed in or by a mailed link), stolen report. */
export function securityRoutes(db: Db, settings: AccountSettings): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/security', {
      schema: { summary: 'Security overview: score, second factors, withdrawal hold, phrase, next steps', response: { 200: securityOverviewJson, 401: errorJson } },
    }, async (request) => securityOverview(db, accountOf(request).id));

    app.put('/anti-phishing-phrase', {
      schema: {
        summary: 'Set the phrase printed at the top of every mail we send (needs recent authentication and a verified email)',
        body: z.object({ phrase: antiPhishingPhrase }),
        response: { 200: z.object({ phrase_set: z.literal(true) }), 401: errorJson, 403: errorJson },
      },
    }, async (request, reply) => {
      const account = recentlyAuthenticatedAccountOf(request);
      try {
        await setAccountPhrase(db, account.id, request.body.phrase);
      } catch (err) {
        if (err instanceof EmailNotVerifiedError) return reply.code(403).send({ error: 'email_not_verified', message: err.message });
        throw err;
      }
      return { phrase_set: true as const };
    });

    app.post('/freeze', {
      schema: { summary: 'Freeze my account: withdrawals stop, other sessions end, an urgent security ticket opens', response: { 200: frozenJson, 401: errorJson } },
    }, async (request) => {
      const account = accountOf(request);
      const frozen = await freezeAccount(db, settings, account.id, { reason: 'customer_request', revoke: 'others', keepSessionId: account.sessionId });
      return { frozen: true as const, ticket_reference: frozen?.ticketReference };
    });

    app.post('/freeze-link', {
      config: { public: true },
      schema: {
        summary: 'The "this wasn\'t me" link of a security mail: freezes the account and ends every session',
        body: z.object({ token: z.string().min(1).max(512) }),
        response: { 200: frozenJson, 400: errorJson },
      },
    }, async (request, reply) => {
      const accountId = verifyFreezeToken(settings, request.body.token);
      const frozen = accountId === undefined ? undefined : await freezeAccount(db, settings, accountId, { reason: 'freeze_link', revoke: 'all' });
      if (!frozen) return reply.code(400).send({ error: 'invalid_token', message: 'token: this freeze link is invalid or has expired (links last 7 days)' });
      return { frozen: true as const };
    });

    app.post('/stolen', {
      schema: {
        summary: '"My account was stolen": freeze, end other sessions, and open an urgent ticket with the report',
        body: stolenReport,
        response: { 200: z.object({ ticket_reference: z.string(), next: z.array(z.enum(['password', 'two_factor'])) }), 401: errorJson, 429: lockedOutJson },
      },
    }, async (request, reply) => {
      const account = accountOf(request);
      const bucket = 'stolen-report:account';
      const waitMs = await settings.limiter.retryAfterMs(bucket, String(account.id), HOUR_MS, STOLEN_REPORTS_PER_HOUR);
      if (waitMs > 0) return lockedOut(reply, Math.ceil(waitMs / 1000), 'reports');
      await settings.limiter.hit(bucket, String(account.id), HOUR_MS);
      const frozen = await freezeAccount(db, settings, account.id, { reason: 'stolen_report', revoke: 'others', keepSessionId: account.sessionId, report: request.body });
      return { ticket_reference: frozen?.ticketReference ?? '', next: ['password' as const, 'two_factor' as const] };
    });
  };
}
