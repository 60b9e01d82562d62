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

/** The request's agent when it is an admin; any other agent ends the request with 403. */
export function requireAdminOf(request: { agent?: AuthenticatedAgent }): AuthenticatedAgent {
  const agent = requireAgentOf(request);
  if (agent.role !== 'admin') throw Object.assign(new Error('only an admin may do this'), { statusCode: 403, code: 'forbidden' });
  return agent;
}
