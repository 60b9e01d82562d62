/** The signed-in customer, set by the /api/v1/account auth hook (account-auth.ts). */
export type AuthenticatedAccount = {
  id: number;
  email: string;
  sessionId: number;
  /** When this session last proved the password (and second factor): sensitive changes need it recent. */
  authenticatedAt: number;
};

declare module 'fastify' {
  interface FastifyRequest {
    account?: AuthenticatedAccount;
  }
}

export {};
