import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { errorJson } from './account-schemas.ts';
import type { WeakPassword } from './password-policy.ts';

/** The answers every credential route gives alike: a second factor wanted, a weak password, a lockout. */
export const methodsJson = z.array(z.enum(['totp', 'sms', 'recovery']));
export const twoFactorJson = errorJson.extend({ two_factor_required: z.literal(true), methods: methodsJson });
export const weakPasswordJson = errorJson.extend({ rule: z.enum(['too_short', 'common', 'weak', 'composition', 'contains_email']) });

export function twoFactorAnswer(methods: z.infer<typeof methodsJson>, code: string | undefined): z.infer<typeof twoFactorJson> {
  return {
    error: 'two_factor_required',
    message: code ? 'wrong or already used code' : 'enter a code from your authenticator app, an SMS or a recovery code',
    two_factor_required: true,
    methods,
  };
}

export function weakPasswordAnswer(verdict: WeakPassword): z.infer<typeof weakPasswordJson> {
  return { error: 'weak_password', rule: verdict.rule, message: verdict.message };
}

export function lockedOut(reply: FastifyReply, retryAfterSeconds: number, what: string) {
  reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(429).send({ error: 'locked_out', message: `too many ${what}; try again in ${retryAfterSeconds} s`, retry_after_seconds: retryAfterSeconds });
}
