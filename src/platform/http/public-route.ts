/**
 * Route flags read by the /api/v1 auth hook: `public` routes answer without credentials (signing in itself);
 * `enrolment` routes also accept a session that may only set up its second factor.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
    enrolment?: boolean;
  }
}

export {};
