import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { accountOf, clearSessionCookie } from './account-auth.ts';
import { emailInput, errorJson, lockedOutJson, passwordInput } from './account-schemas.ts';
import type { AccountSettings } from './account-settings.ts';
import { lockedOut, twoFactorAnswer, twoFactorJson, weakPasswordAnswer, weakPasswordJson } from './credential-answers.ts';
import { countFailedProof, credentialGuards, credentialsLockedFor, forgetFailures } from './credentials.ts';
import { verifyPassword } from './password-hash.ts';
import { setNewPassword } from './password-change.ts';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.ts';
import { reauthenticate } from './reauthenticate.ts';

/** Forgotten password, password change, and proving the password again before a sensitive change. */
export function passwordRoutes(db: Db, settings: AccountSettings): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/password-reset', {
      config: { public: true },
      schema: {
        summary: 'Mail a single-use reset link (30 min) when the address has an account; 202 either way',
        body: z.object({ email: emailInput }),
        response: { 202: z.null(), 429: lockedOutJson },
      },
    }, async (request, reply) => {
      const { retryAfterSeconds } = await requestPasswordReset(db, settings, { email: request.body.email, ip: request.ip });
      if (retryAfterSeconds > 0) return lockedOut(reply, retryAfterSeconds, 'reset requests');
      return reply.code(202).send(null);
    });

    app.post('/password-reset/confirm', {
      config: { public: true },
      schema: {
        summary: 'Set a new password with the reset link; signs out every session and holds withdrawals',
        body: z.object({ token: z.string().max(200), password: passwordInput }),
        response: { 200: z.object({ password_changed: z.literal(true) }), 400: z.union([weakPasswordJson, errorJson]) },
      },
    }, async (request, reply) => {
      const result = await confirmPasswordReset(db, settings, request.body.token, request.body.password);
      if (result.kind === 'invalid_token') return reply.code(400).send({ error: 'invalid_token', message: 'this link is unknown, expired or already used' });
      if (result.kind === 'weak_password') return reply.code(400).send(weakPasswordAnswer(result.verdict));
      // Every session ended, this browser's included: it signs in again with the new password.
      clearSessionCookie(reply, settings);
      return { password_changed: true as const };
    });

    app.post('/password', {
      schema: {
        summary: 'Change the password; every other session ends and withdrawals are held',
        body: z.object({ current: passwordInput, new: passwordInput }),
        response: { 200: z.object({ password_changed: z.literal(true) }), 400: z.union([weakPasswordJson, errorJson]), 401: errorJson, 429: lockedOutJson },
      },
    }, async (request, reply) => {
      const signedIn = accountOf(request);
      const guards = credentialGuards(signedIn.email, request.ip, settings.maxFailures);
      const wait = await credentialsLockedFor(settings, guards);
      if (wait > 0) return lockedOut(reply, wait, 'wrong passwords');
      const account = await db.selectFrom('accounts').select(['id', 'email', 'locale', 'password_hash']).where('id', '=', signedIn.id).executeTakeFirstOrThrow();
      if (!(await verifyPassword(account.password_hash, request.body.current))) {
        await countFailedProof(db, settings, guards, account);
        return reply.code(400).send({ error: 'wrong_password', message: 'current: wrong password' });
      }
      await forgetFailures(settings, guards);
      const result = await setNewPassword(db, settings, signedIn.id, request.body.new, { keepSession: signedIn.sessionId });
      if (result.kind === 'weak_password') return reply.code(400).send(weakPasswordAnswer(result.verdict));
      return { password_changed: true as const };
    });

    app.post('/reauthenticate', {
      schema: {
        summary: 'Prove the password (and second factor) again: sensitive changes need this within 15 minutes',
        body: z.object({ password: passwordInput, code: z.string().max(64).optional() }),
        response: { 200: z.object({ reauthenticated: z.literal(true) }), 401: z.union([twoFactorJson, errorJson]), 429: lockedOutJson },
      },
    }, async (request, reply) => {
      const result = await reauthenticate(db, settings, accountOf(request), { ...request.body, ip: request.ip });
      switch (result.kind) {
        case 'locked_out':
          return lockedOut(reply, result.retryAfterSeconds, 'wrong passwords');
        case 'invalid_credentials':
          return reply.code(401).send({ error: 'invalid_credentials', message: 'wrong password' });
        case 'two_factor_required':
          return reply.code(401).send(twoFactorAnswer(result.methods, request.body.code));
        case 'reauthenticated':
          return { reauthenticated: true as const };
      }
    });
  };
}
