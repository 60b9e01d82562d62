import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { accountOf } from './account-auth.ts';
import { localeOf } from './account-profile.ts';
import { errorJson, lockedOutJson } from './account-schemas.ts';
import type { AccountSettings } from './account-settings.ts';
import { guardsOf, lockedForSeconds, recordFailure } from './brute-force.ts';
import { sendVerificationMail } from './sign-up.ts';
import { lockedOut } from './credential-answers.ts';
import { verifyEmail } from './verify-email.ts';

/** Verifying the account's email address: the mailed link's page posts its token here. */
export function emailRoutes(db: Db, settings: AccountSettings): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/verify-email', {
      config: { public: true },
      schema: {
        summary: 'Verify the email address with the token of the mailed link; links the account to its contact',
        body: z.object({ token: z.string().max(200) }),
        response: { 200: z.object({ email_verified: z.literal(true) }), 400: errorJson },
      },
    }, async (request, reply) => {
      const verified = await verifyEmail(db, request.body.token);
      if (!verified) return reply.code(400).send({ error: 'invalid_token', message: 'this link is unknown, expired or already used' });
      return { email_verified: true as const };
    });

    app.post('/verify-email/resend', {
      schema: { summary: 'Mail a new verification link (the earlier one stops working)', response: { 202: z.null(), 401: errorJson, 409: errorJson, 429: lockedOutJson } },
    }, async (request, reply) => {
      const { id } = accountOf(request);
      const account = await db.selectFrom('accounts').select(['email', 'locale', 'email_verified_at']).where('id', '=', id).executeTakeFirstOrThrow();
      if (account.email_verified_at !== null) return reply.code(409).send({ error: 'already_verified', message: 'the email address is verified already' });
      const guards = guardsOf('verify-resend', String(id), request.ip, settings.maxFailures);
      const wait = await lockedForSeconds(settings.limiter, [guards.account, guards.ip]);
      if (wait > 0) return lockedOut(reply, wait, 'verification mails');
      await recordFailure(settings.limiter, [guards.account, guards.ip]);
      await sendVerificationMail(db, { id, email: account.email, locale: localeOf(account.locale) }, settings.publicUrl);
      return reply.code(202).send(null);
    });
  };
}
