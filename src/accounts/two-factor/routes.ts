import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/connect.ts';
import type { AccountSettings } from '../account-settings.ts';

export function twoFactorRoutes(_db: Db, _settings: AccountSettings) {
  return async (_app: FastifyInstance) => {};
}
