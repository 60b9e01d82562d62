import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db/connect.ts';
import { normalizeAddress } from '../../tickets/contacts.ts';
import { recentlyAuthenticatedAccountOf } from '../account-auth.ts';
import { emailInput, errorJson, lockedOutJson, passwordInput } from '../account-schemas.ts';
import type { AccountSettings } from '../account-settings.ts';
import { countFailedProof, credentialGuards, credentialsLockedFor } from '../credentials.ts';
import { verifyPassword } from '../password-hash.ts';
import { lockedOut } from '../credential-answers.ts';
import { confirmSmsEnrolment, disableSms, type SmsEnabled } from './account-sms.ts';
import { checkCodeWithinLimits } from './code-attempts.ts';
import { forgetRecoveryCodesIfNoFactorLeft, hasSecondFactor, recoveryCodesForNewFactor } from './factor-lifecycle.ts';
import { recordTwoFactorChange } from './record-two-factor-change.ts';
import { sendSmsCode, SmsNotSentError } from './send-sms-code.ts';
import { confirmBody, confirmedJson, factorsJson, phoneInput, sixDigitCode } from './two-factor-schemas.ts';
import { secondFactorMethods } from './verify-second-factor.ts';

const sentJson = z.object({ sent: z.literal(true) });

/** SMS as a second factor: enrolment of a phone, removal, and the sign-in code sent before POST /login. */
export function smsRoutes(db: Db, settings: AccountSettings): FastifyPluginAsyncZod {
  async function recordSmsEnabled(accountId: number, enabled: SmsEnabled) {
    if (enabled.previousPhone !== null && enabled.previousPhone !== enabled.phone) {
      await recordTwoFactorChange(db, settings, accountId, { phoneChangedTo: enabled.phone });
    }
    if (!enabled.wasEnabled) await recordTwoFactorChange(db, settings, accountId, 'sms_enabled');
  }

  return async (app) => {
    app.post('/2fa/sms', {
      schema: {
        summary: 'Send a 6-digit code (valid 10 minutes) to the phone that is to receive sign-in codes',
        body: z.object({ phone: phoneInput }),
        response: { 202: sentJson, 400: errorJson, 401: errorJson, 403: errorJson, 409: errorJson, 429: lockedOutJson, 502: errorJson },
      },
    }, async (request, reply) => {
      const account = recentlyAuthenticatedAccountOf(request);
      if (settings.sms.off) {
        return reply.code(409).send({ error: 'sms_unavailable', message: 'SMS two-factor is not offered on this desk (it has no SMS gateway): use an authenticator app' });
      }
      const { phone } = request.body;
      const row = await db.selectFrom('accounts').select(['locale', 'phone', 'sms_enabled_at']).where('id', '=', account.id).executeTakeFirstOrThrow();
      if (row.sms_enabled_at !== null && row.phone === phone) {
        return reply.code(409).send({ error: 'sms_already_enabled', message: 'phone: sign-in codes already go to this number' });
      }
      try {
        const result = await sendSmsCode(db, settings, { accountId: account.id, locale: row.locale, phone, purpose: 'enrol' });
        if (!result.sent) return lockedOut(reply, result.retryAfterSeconds, 'SMS codes');
      } catch (err) {
        if (!(err instanceof SmsNotSentError)) throw err;
        request.log.warn({ err: err.cause }, 'SMS gateway failed');
        return reply.code(502).send({ error: 'sms_not_sent', message: err.message });
      }
      return reply.code(202).send({ sent: true });
    });

    app.post('/2fa/sms/confirm', {
      schema: {
        summary: 'Turn SMS sign-in codes on with the code sent to the phone; the first second factor brings 10 recovery codes',
        body: confirmBody(sixDigitCode('of the SMS we sent')),
        response: { 200: confirmedJson, 400: errorJson, 401: errorJson, 403: errorJson, 429: lockedOutJson },
      },
    }, async (request, reply) => {
      const account = recentlyAuthenticatedAccountOf(request);
      const wasFirst = !(await hasSecondFactor(db, account.id));
      let enabled: SmsEnabled | undefined;
      const check = await checkCodeWithinLimits(settings, account.id, request.ip, async () => {
        enabled = await confirmSmsEnrolment(db, account.id, request.body.code);
        return enabled !== undefined;
      });
      if (check.kind === 'locked_out') return lockedOut(reply, check.retryAfterSeconds, 'wrong codes');
      if (check.kind === 'wrong' || !enabled) {
        return reply.code(400).send({ error: 'wrong_code', message: 'code: wrong, expired or used up (5 tries per code); ask for a new one with POST /2fa/sms' });
      }
      const recoveryCodes = await recoveryCodesForNewFactor(db, account.id, wasFirst, request.body.new_recovery_codes);
      await recordSmsEnabled(account.id, enabled);
      return { methods: await secondFactorMethods(db, account.id), ...(recoveryCodes ? { recovery_codes: recoveryCodes } : {}) };
    });

    app.delete('/2fa/sms', {
      schema: { summary: 'Stop sending sign-in codes by SMS', response: { 200: factorsJson, 401: errorJson, 403: errorJson, 409: errorJson } },
    }, async (request, reply) => {
      const account = recentlyAuthenticatedAccountOf(request);
      if (!(await secondFactorMethods(db, account.id)).includes('sms')) {
        return reply.code(409).send({ error: 'sms_not_enabled', message: 'SMS sign-in codes are not on' });
      }
      await disableSms(db, account.id);
      await forgetRecoveryCodesIfNoFactorLeft(db, account.id);
      await recordTwoFactorChange(db, settings, account.id, 'sms_disabled');
      return { methods: await secondFactorMethods(db, account.id) };
    });

    app.post('/login/sms', {
      config: { public: true },
      schema: {
        summary: 'Send a sign-in code by SMS when the password is right and SMS is on (202 either way)',
        body: z.object({ email: emailInput, password: passwordInput }),
        response: { 202: z.object({ accepted: z.literal(true) }) },
      },
    }, async (request, reply) => {
      const email = normalizeAddress(request.body.email);
      // The same counters as POST /login: this call must not become a way around its password lockout.
      const guards = credentialGuards(email, request.ip, settings.maxFailures);
      const account = await db.selectFrom('accounts').select(['id', 'email', 'password_hash', 'locale', 'phone', 'sms_enabled_at']).where('email', '=', email).executeTakeFirst();
      const locked = (await credentialsLockedFor(settings, guards)) > 0;
      const passwordRight = !locked && (await verifyPassword(account?.password_hash, request.body.password));
      if (!locked && !passwordRight) await countFailedProof(db, settings, guards, account);
      if (account && passwordRight && account.sms_enabled_at !== null && account.phone) {
        const to = { accountId: account.id, locale: account.locale, phone: account.phone, purpose: 'sign_in' as const };
        // Sent after the answer: waiting for the gateway would make a right password answer measurably slower.
        reply.raw.once('finish', () => {
          sendSmsCode(db, settings, to).catch((err: unknown) => request.log.warn({ err: err instanceof SmsNotSentError ? err.cause : err }, 'sign-in SMS not sent'));
        });
      }
      return reply.code(202).send({ accepted: true });
    });
  };
}
