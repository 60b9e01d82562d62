import type { FastifyInstance } from 'fastify';
import type { Db } from '../platform/db/connect.ts';
import { accountAuth } from './account-auth.ts';
import type { AccountSettings } from './account-settings.ts';
import { emailRoutes } from './email-routes.ts';
import { passwordRoutes } from './password-routes.ts';
import { securityRoutes } from './security/routes.ts';
import { sessionRoutes } from './session-routes.ts';
import { signInRoutes } from './sign-in-routes.ts';
import { twoFactorRoutes } from './two-factor/routes.ts';

/** Everything under /api/v1/account: the auth hook, then sign-up/sign-in/sessions, second factors, security. */
export function accountRoutes(db: Db, settings: AccountSettings) {
  return async (app: FastifyInstance) => {
    app.addHook('onRequest', accountAuth(db, settings));
    // The OpenAPI document names the customer's cookie for these routes, not the agents' bearer token or session.
    app.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, security: route.config?.public ? [] : [{ account: [] }] };
    });
    await app.register(signInRoutes(db, settings));
    await app.register(emailRoutes(db, settings));
    await app.register(passwordRoutes(db, settings));
    await app.register(sessionRoutes(db, settings));
    await app.register(twoFactorRoutes(db, settings));
    await app.register(securityRoutes(db, settings));
  };
}
