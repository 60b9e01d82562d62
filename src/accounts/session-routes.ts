import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { accountOf, clearSessionCookie } from './account-auth.ts';
import { epochMsJson, errorJson, isoTime, isoTimeJson } from './account-schemas.ts';
import { revokeAccountSessions } from './account-sessions.ts';
import type { AccountSettings } from './account-settings.ts';
import { loginActivity } from './login-activity.ts';

const sessionJson = z.object({
  id: z.number().int(),
  current: z.boolean(),
  created_at_iso: isoTimeJson,
  last_seen_at_iso: isoTimeJson,
  created_at: epochMsJson('created_at'),
  last_seen_at: epochMsJson('last_seen_at'),
  ip: z.string(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  device: z.string(),
});
const loginJson = z.object({
  at_iso: isoTimeJson,
  at: epochMsJson('at'),
  ip: z.string(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  device: z.string(),
  success: z.boolean(),
  flagged: z.boolean(),
  flag_reasons: z.array(z.string()),
});

/** The customer's signed-in browsers, and every sign-in attempt on the account. */
export function sessionRoutes(db: Db, settings: AccountSettings): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/sessions', {
      schema: { summary: 'Signed-in sessions of this account, newest first', response: { 200: z.object({ items: z.array(sessionJson) }), 401: errorJson } },
    }, async (request) => {
      const account = accountOf(request);
      const rows = await db
        .selectFrom('account_sessions')
        .select(['id', 'created_at', 'last_seen_at', 'ip', 'country', 'city', 'device'])
        .where('account_id', '=', account.id)
        .where('expires_at', '>', Date.now())
        .where('last_seen_at', '>', Date.now() - settings.idleMs)
        .orderBy('id', 'desc')
        .execute();
      return {
        items: rows.map((r) => ({ ...r, created_at_iso: isoTime(r.created_at), last_seen_at_iso: isoTime(r.last_seen_at), current: r.id === account.sessionId })),
      };
    });

    app.delete('/sessions/:id', {
      schema: {
        summary: 'Sign one session out (this one included)',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 204: z.null(), 401: errorJson, 404: errorJson },
      },
    }, async (request, reply) => {
      const account = accountOf(request);
      // Scoped by account: another customer's session id is "not found", not a way to sign them out.
      const result = await db.deleteFrom('account_sessions').where('id', '=', request.params.id).where('account_id', '=', account.id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return reply.code(404).send({ error: 'not_found', message: `session ${request.params.id} not found` });
      if (request.params.id === account.sessionId) clearSessionCookie(reply, settings);
      return reply.code(204).send(null);
    });

    app.post('/sessions/revoke-others', {
      schema: { summary: 'Sign every other session out', response: { 200: z.object({ revoked: z.number().int() }), 401: errorJson } },
    }, async (request) => {
      const account = accountOf(request);
      return { revoked: await revokeAccountSessions(db, account.id, account.sessionId) };
    });

    app.get('/logins', {
      schema: { summary: 'Sign-in attempts on this account, newest first (100 at most)', response: { 200: z.object({ items: z.array(loginJson) }), 401: errorJson } },
    }, async (request) => ({ items: (await loginActivity(db, accountOf(request).id)).map((l) => ({ ...l, at_iso: isoTime(l.at) })) }));
  };
}
