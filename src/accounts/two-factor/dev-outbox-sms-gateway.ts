import fs from 'node:fs';
import path from 'node:path';
import { touchPrivateFile } from '../../platform/data-folder.ts';
import type { Logger } from '../../platform/logger.ts';
import type { SmsGateway } from './sms-gateway.ts';

/** "+8613812345678" → "+86********678": enough to tell two test phones apart, not enough to identify anyone. */
export function maskPhone(phone: string): string {
  const tail = phone.slice(-3);
  const head = phone.startsWith('+') ? phone.slice(0, 3) : '';
  return `${head}${'*'.repeat(Math.max(phone.length - head.length - tail.length, 0))}${tail}`;
}

export const SMS_OUTBOX_FILE = 'sms-outbox.log';

/**
 * The development gateway (WALLETDESK_SMS_GATEWAY=log, or NODE_ENV=development): no SMS leaves the machine, and
 * the text goes to DATA_DIR/sms-outbox.log (0600, one JSON line {at, to, text} per SMS) for the developer to
 * read. Never to the log: logs are shipped, kept and read by more people than the data folder, and a live code
 * there signs anyone in. The log only says that an SMS went to the outbox, with the number masked.
 */
export function devOutboxSmsGateway(dataDir: string, log: Logger): SmsGateway {
  const file = path.join(dataDir, SMS_OUTBOX_FILE);
  return {
    async send(to, text) {
      touchPrivateFile(file);
      await fs.promises.appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), to, text })}\n`, { mode: 0o600 });
      log.info({ to: maskPhone(to) }, `SMS not sent (development gateway): written to ${SMS_OUTBOX_FILE} in the data folder`);
    },
  };
}
