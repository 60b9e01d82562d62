import type { RateLimiter } from '../platform/rate-limit/rate-limiter.ts';
import type { TicketSettings } from '../tickets/settings.ts';
import type { SmsGateway } from './two-factor/sms-gateway.ts';

/** What the accounts capability needs from configuration, resolved once at start by server.ts. */
export type AccountSettings = {
  /** Signs CSRF tokens and mailed freeze links. */
  secret: string;
  publicUrl: string;
  /** From: of every security mail. */
  deskAddress: string;
  passwordMinLength: number;
  passwordRequireMix: boolean;
  withdrawalHoldMs: number;
  idleMs: number;
  maxFailures: number;
  sms: SmsGateway;
  limiter: RateLimiter;
  /** Urgent security tickets are opened through the ticket core. */
  tickets: TicketSettings;
};
