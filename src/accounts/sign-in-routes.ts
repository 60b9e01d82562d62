import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { credentialCookie, readCookie } from '../platform/http/cookies.ts';
import { negotiateLang } from '../platform/http/serve-web-app.ts';
import { accountOf, clearSessionCookie, isSecure } from './account-auth.ts';
import { accountProfile } from './account-profile.ts';
import { errorJson, emailInput, localeJson, lockedOutJson, passwordInput, profileJson } from './account-schemas.ts';
import { accountForSessionCookie, createAccountSession, endAccountSession, SESSION_COOKIE } from './account-sessions.ts';
import type { AccountSettings } from './account-settings.ts';
import { guardsOf, lockedForSeconds, recordFailure } from './brute-force.ts';
import { lockedOut, twoFactorAnswer, twoFactorJson, weakPasswordAnswer, weakPasswordJson } from './credential-answers.ts';
import { clientOf, ensureDeviceCookie, type RequestClient } from './client-of-request.ts';
import { issueCsrfToken } from './csrf.ts';
import { warmPasswordHashing } from './password-hash.ts';
import { assessLogin } from './security/assess-login.ts';
import { signIn } from './sign-in.ts';
import { redeemUnlockLink, UNLOCK_COOKIE, UNLOCK_COOKIE_SECONDS } from './sign-in-unlock.ts';
import { signUp } from './sign-up.ts';

/** CSRF token, sign-up, sign-in, sign-out and the signed-in customer. */
export function signInRoutes(db: Db, settings: AccountSettings): FastifyPluginAsyncZod {
  const secure = isSecure(settings);

  async function startSession(request: FastifyRequest, reply: FastifyReply, accountId: number, client: RequestClient) {
    // A new id on every sign-in (no session fixation); a session this browser still held is ended.
    const previous = readCookie(request.headers.cookie, SESSION_COOKIE);
    const old = previous ? await accountForSessionCookie(db, previous, settings.idleMs, client.ip) : undefined;
    if (old) await endAccountSession(db, old.sessionId);
    const session = await createAccountSession(db, accountId, client);
    reply.header('set-cookie', credentialCookie(SESSION_COOKIE, session.sessionId, { maxAgeSeconds: Math.round((session.expiresAt - Date.now()) / 1000), secure }));
  }

  return async (app) => {
    await warmPasswordHashing();

    app.get('/csrf', {
      config: { public: true },
      schema: { summary: 'The X-CSRF-Token for this browser (sets the wd_csrf and wd_device cookies when missing)', response: { 200: z.object({ token: z.string() }) } },
    }, async (request, reply) => {
      ensureDeviceCookie(request, reply, secure);
      reply.header('cache-control', 'no-store');
      return { token: issueCsrfToken(request, reply, settings.secret, secure) };
    });

    app.post('/signup', {
      config: { public: true },
      schema: {
        summary: 'Create an account and mail its verification link (answers alike for an address already registered)',
        body: z.object({ email: emailInput, password: passwordInput, locale: localeJson.optional() }),
        response: { 201: profileJson.omit({ id: true }), 400: z.union([weakPasswordJson, errorJson]), 429: lockedOutJson },
      },
    }, async (request, reply) => {
      // Every accepted sign-up mails someone: the limit keeps the desk from being a mail cannon.
      const guards = guardsOf('sign-up', request.body.email.toLowerCase(), request.ip, settings.maxFailures);
      const wait = await lockedForSeconds(settings.limiter, [guards.account, guards.ip]);
      if (wait > 0) return lockedOut(reply, wait, 'sign-ups');
      const locale = request.body.locale ?? negotiateLang(request.headers['accept-language']);
      const result = await signUp(db, { email: request.body.email, password: request.body.password, locale }, settings);
      if (result.kind === 'weak_password') return reply.code(400).send(weakPasswordAnswer(result.verdict));
      await recordFailure(settings.limiter, [guards.account, guards.ip]);
      return reply.code(201).send(result.answer);
    });

    app.post('/login', {
      config: { public: true },
      schema: {
        summary: 'Sign in (sets the wd_account session cookie); `code` is a TOTP, SMS or recovery code',
        body: z.object({ email: z.string().max(320), password: passwordInput, code: z.string().max(64).optional() }),
        response: { 200: profileJson, 401: z.union([twoFactorJson, errorJson]), 429: lockedOutJson },
      },
    }, async (request, reply) => {
      const client = clientOf(request);
      const result = await signIn(db, settings, { ...request.body, unlockCookie: readCookie(request.headers.cookie, UNLOCK_COOKIE) }, client);
      switch (result.kind) {
        case 'locked_out':
          return lockedOut(reply, result.retryAfterSeconds, 'failed sign-ins');
        case 'unlock_required':
          reply.header('retry-after', String(result.retryAfterSeconds));
          return reply.code(429).send({
            error: 'unlock_required',
            message: 'too many failed sign-ins to this account from many networks: if the account exists, we mailed its address a link that lets this browser sign in',
            retry_after_seconds: result.retryAfterSeconds,
          });
        case 'invalid_credentials':
          return reply.code(401).send({ error: 'invalid_credentials', message: 'wrong email or password' });
        case 'two_factor_required':
          return reply.code(401).send(twoFactorAnswer(result.methods, request.body.code));
        case 'signed_in': {
          ensureDeviceCookie(request, reply, secure);
          await startSession(request, reply, result.accountId, client);
          // The alert must not cost the customer the sign-in: a failure here is logged, and the sign-in stands.
          await assessLogin(db, settings, { ...client, accountId: result.accountId, loginId: result.loginId, at: result.at }).catch((err: unknown) =>
            request.log.error({ err }, 'unusual-login assessment failed'),
          );
          return accountProfile(db, result.accountId);
        }
      }
    });

    app.post('/login/unlock', {
      config: { public: true },
      schema: {
        summary: 'Spend a mailed unlock link (single use, 30 min): this browser may sign in past the failure ceiling for 24 hours (sets wd_unlock)',
        body: z.object({ token: z.string().max(200) }),
        response: { 200: z.object({ unlocked: z.literal(true) }), 400: errorJson },
      },
    }, async (request, reply) => {
      const cookie = await redeemUnlockLink(db, request.body.token);
      if (!cookie) return reply.code(400).send({ error: 'invalid_token', message: 'this link is unknown, expired or already used' });
      reply.header('set-cookie', credentialCookie(UNLOCK_COOKIE, cookie, { maxAgeSeconds: UNLOCK_COOKIE_SECONDS, secure }));
      return { unlocked: true as const };
    });

    app.post('/logout', {
      schema: { summary: 'End this session', response: { 204: z.null(), 401: errorJson } },
    }, async (request, reply) => {
      await endAccountSession(db, accountOf(request).sessionId);
      clearSessionCookie(reply, settings);
      return reply.code(204).send(null);
    });

    app.get('/me', {
      schema: { summary: 'The signed-in customer', response: { 200: profileJson, 401: errorJson } },
    }, async (request) => accountProfile(db, accountOf(request).id));

    app.patch('/me', {
      schema: { summary: 'Change the language of the account (and of its mails)', body: z.object({ locale: localeJson }), response: { 200: profileJson, 401: errorJson } },
    }, async (request) => {
      const { id } = accountOf(request);
      await db.updateTable('accounts').set({ locale: request.body.locale }).where('id', '=', id).execute();
      return accountProfile(db, id);
    });
  };
}
