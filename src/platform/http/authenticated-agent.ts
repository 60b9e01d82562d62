/** Who made an API request; set by the agents capability's auth hook on every /api/v1 route that needs it. */
export type AuthenticatedAgent = { id: number; email: string; role: 'agent' | 'admin' };

declare module 'fastify' {
  interface FastifyRequest {
    agent?: AuthenticatedAgent;
  }
}

export function requireAgentOf(request: { agent?: AuthenticatedAgent }): AuthenticatedAgent {
  if (!request.agent) throw Object.assign(new Error('authentication required'), { statusCode: 401, code: 'unauthorized' });
  return request.agent;
}
