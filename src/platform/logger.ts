import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Callers log ids (ticket, message, job), never addresses, subjects or bodies:
 * customers write to us after being robbed, and logs travel further than the database.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'walletdesk' }, timestamp: pino.stdTimeFunctions.isoTime });
}
