import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../platform/db/connect.ts';
import { recentlyAuthenticatedAccountOf } from '../account-auth.ts';
import { errorJson } from '../account-schemas.ts';
import type { AccountSettings } from '../account-settings.ts';
import { hasSecondFactor } from './factor-lifecycle.ts';
import { recordTwoFactorChange } from './record-two-factor-change.ts';
import { replaceRecoveryCodes } from './recovery-codes.ts';
import { smsRoutes } from './sms-routes.ts';
import { totpRoutes } from './totp-routes.ts';
import { recoveryCodesJson } from './two-factor-schemas.ts';

function recoveryCodeRoutes(db: Db, settings: AccountSettings): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/2fa/recovery-codes', {
      schema: {
        summary: 'A new set of 10 single-use recovery codes; every earlier code stops working',
        response: { 200: recoveryCodesJson, 401: errorJson, 403: errorJson, 409: errorJson },
      },
    }, async (request, reply) => {
      const account = recentlyAuthenticatedAccountOf(request);
      if (!(await hasSecondFactor(db, account.id))) {
        return reply.code(409).send({ error: 'two_factor_off', message: 'recovery codes need a second factor: turn on an authenticator app or SMS first' });
      }
      const codes = await replaceRecoveryCodes(db, account.id);
      await recordTwoFactorChange(db, settings, account.id, 'recovery_codes_replaced');
      return { recovery_codes: codes };
    });
  };
}

/** Second factors under /api/v1/account, registered after the account auth hook (request.account is set). */
export function twoFactorRoutes(db: Db, settings: AccountSettings) {
  return async (app: FastifyInstance) => {
    await app.register(totpRoutes(db, settings));
    await app.register(smsRoutes(db, settings));
    await app.register(recoveryCodeRoutes(db, settings));
  };
}
