import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Callers log ids (ticket, message, job), never addresses, subjects or bodies:
 * customers write to us after being robbed, and logs travel further than the database.
 */
export function createLogger(level: string): Logger {
  // Written asynchronously: a synchronous write per line held the event loop for every mail taken in, and lines
  // logged while a write is under way go out together in the next. pino flushes what is left at exit.
  return pino(
    { level, base: { service: 'walletdesk' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: false }),
  );
}
