import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/connect.ts';

/** The wallet backend's questions, under /api/v1/accounts, authenticated by service tokens only. */
export function withdrawalRoutes(_db: Db) {
  return async (_app: FastifyInstance) => {};
}
