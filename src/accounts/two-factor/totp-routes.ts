import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db/connect.ts';
import { recentlyAuthenticatedAccountOf } from '../account-auth.ts';
import { errorJson, lockedOutJson } from '../account-schemas.ts';
import type { AccountSettings } from '../account-settings.ts';
import { lockedOut } from '../credential-answers.ts';
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment, TotpAlreadyEnabledError } from './account-totp.ts';
import { checkCodeWithinLimits } from './code-attempts.ts';
import { forgetRecoveryCodesIfNoFactorLeft, hasSecondFactor, recoveryCodesForNewFactor } from './factor-lifecycle.ts';
import { recordTwoFactorChange } from './record-two-factor-change.ts';
import { anySecondFactorCode, confirmBody, confirmedJson, factorsJson, sixDigitCode } from './two-factor-schemas.ts';
import { secondFactorMethods, verifySecondFactor } from './verify-second-factor.ts';

/** Authenticator-app (TOTP) enrolment and removal; every call needs a recent sign-in or re-authentication. */
export function totpRoutes(db: Db, settings: AccountSettings): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/2fa/totp', {
      schema: {
        summary: 'Start authenticator-app enrolment: a new secret (pending until confirmed), its otpauth:// URL and QR code',
        response: { 200: z.object({ secret: z.string(), otpauth_url: z.string(), qr_svg: z.string() }), 401: errorJson, 403: errorJson, 409: errorJson },
      },
    }, async (request, reply) => {
      const account = recentlyAuthenticatedAccountOf(request);
      try {
        return await startTotpEnrolment(db, account.id, account.email);
      } catch (err) {
        if (err instanceof TotpAlreadyEnabledError) return reply.code(409).send({ error: 'totp_already_enabled', message: err.message });
        throw err;
      }
    });

    app.post('/2fa/totp/confirm', {
      schema: {
        summary: 'Turn the authenticator app on with a code from the pending secret; the first second factor brings 10 recovery codes',
        body: confirmBody(sixDigitCode('your authenticator app shows')),
        response: { 200: confirmedJson, 400: errorJson, 401: errorJson, 403: errorJson, 409: errorJson, 429: lockedOutJson },
      },
    }, async (request, reply) => {
      const account = recentlyAuthenticatedAccountOf(request);
      const state = await db.selectFrom('accounts').select(['totp_pending_secret', 'totp_enabled_at']).where('id', '=', account.id).executeTakeFirstOrThrow();
      if (state.totp_enabled_at !== null) return reply.code(409).send({ error: 'totp_already_enabled', message: 'the authenticator app is already on' });
      if (!state.totp_pending_secret) return reply.code(409).send({ error: 'no_enrolment', message: 'nothing to confirm: start with POST /2fa/totp' });
      const wasFirst = !(await hasSecondFactor(db, account.id));
      const check = await checkCodeWithinLimits(settings, account.id, request.ip, () => confirmTotpEnrolment(db, account.id, request.body.code));
      if (check.kind === 'locked_out') return lockedOut(reply, check.retryAfterSeconds, 'wrong codes');
      if (check.kind === 'wrong') return reply.code(400).send({ error: 'wrong_code', message: 'code: not the code your authenticator app shows now (check the phone clock)' });
      const recoveryCodes = await recoveryCodesForNewFactor(db, account.id, wasFirst, request.body.new_recovery_codes);
      await recordTwoFactorChange(db, settings, account.id, 'totp_enabled');
      return { methods: await secondFactorMethods(db, account.id), ...(recoveryCodes ? { recovery_codes: recoveryCodes } : {}) };
    });

    app.delete('/2fa/totp', {
      schema: {
        summary: 'Turn the authenticator app off, proven by a current code from it (or a recovery code)',
        body: z.object({ code: anySecondFactorCode }),
        response: { 200: factorsJson, 400: errorJson, 401: errorJson, 403: errorJson, 409: errorJson, 429: lockedOutJson },
      },
    }, async (request, reply) => {
      const account = recentlyAuthenticatedAccountOf(request);
      if (!(await secondFactorMethods(db, account.id)).includes('totp')) {
        return reply.code(409).send({ error: 'totp_not_enabled', message: 'the authenticator app is not on' });
      }
      const check = await checkCodeWithinLimits(settings, account.id, request.ip, () => verifySecondFactor(db, account.id, request.body.code));
      if (check.kind === 'locked_out') return lockedOut(reply, check.retryAfterSeconds, 'wrong codes');
      if (check.kind === 'wrong') return reply.code(400).send({ error: 'wrong_code', message: 'code: wrong, expired or already used' });
      await disableTotp(db, account.id);
      await forgetRecoveryCodesIfNoFactorLeft(db, account.id);
      await recordTwoFactorChange(db, settings, account.id, 'totp_disabled');
      return { methods: await secondFactorMethods(db, account.id) };
    });
  };
}
