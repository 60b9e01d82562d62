/** How agent console sessions behave; server.ts fills this from the configuration. */
export type SessionSettings = {
  /** A session unused this long ends (WALLETDESK_SESSION_IDLE_MINUTES). */
  idleMs: number;
  /** true: every agent needs TOTP (WALLETDESK_AGENT_REQUIRE_TOTP); otherwise only agents flagged require_totp. */
  requireTotp: boolean;
  /** Failed sign-ins per account and per IP in SIGNIN_WINDOW_MS before 429 (WALLETDESK_SIGNIN_MAX_FAILURES). */
  maxFailures: number;
  /** https here makes the cookie Secure, and its origin is the one CSRF checks accept. */
  publicUrl: string;
};

export const SESSION_COOKIE = 'wd_session';
/** OWASP ASVS 5 (7.3.2): an absolute lifetime, however active the session. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** A password-only session that may just enrol TOTP lives briefly. */
export const ENROL_LIFETIME_MS = 15 * 60 * 1000;
export const SIGNIN_WINDOW_MS = 15 * 60 * 1000;
