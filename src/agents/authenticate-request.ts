import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/db/connect.ts';
import { agentForToken } from './api-tokens.ts';

/** An onRequest hook: the request carries a valid `Authorization: Bearer` token, or it ends with 401. */
export function bearerAuth(db: Db) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const agent = match?.[1] ? await agentForToken(db, match[1]) : undefined;
    if (!agent) {
      reply.header('WWW-Authenticate', 'Bearer');
      return reply.code(401).send({ error: 'unauthorized', message: match ? 'invalid token' : 'missing bearer token' });
    }
    request.agent = agent;
  };
}
