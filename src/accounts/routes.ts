import type { FastifyInstance } from 'fastify';
import type { Db } from '../platform/db/connect.ts';
import type { AccountSettings } from './account-settings.ts';
import { securityRoutes } from './security/routes.ts';
import { twoFactorRoutes } from './two-factor/routes.ts';

/** Everything under /api/v1/account: the auth hook, then sign-up/sign-in/sessions, second factors, security. */
export function accountRoutes(db: Db, settings: AccountSettings) {
  return async (app: FastifyInstance) => {
    await app.register(twoFactorRoutes(db, settings));
    await app.register(securityRoutes(db, settings));
  };
}
