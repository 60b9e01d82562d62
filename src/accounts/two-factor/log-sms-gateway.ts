import type { Logger } from '../../platform/logger.ts';
import type { SmsGateway } from './sms-gateway.ts';

/** "+8613812345678" → "+86********678": enough to tell two test phones apart, not enough to identify anyone. */
export function maskPhone(phone: string): string {
  const tail = phone.slice(-3);
  const head = phone.startsWith('+') ? phone.slice(0, 3) : '';
  return `${head}${'*'.repeat(Math.max(phone.length - head.length - tail.length, 0))}${tail}`;
}

/**
 * The development gateway: no SMS leaves the machine, so the text (with its code) is logged at info — a developer
 * has no other way to read the code and sign in. The number is masked because logs outlive codes: the code is
 * dead in 10 minutes, the customer's phone number is not. Production sets WALLETDESK_SMS_GATEWAY_URL.
 */
export function logSmsGateway(log: Logger): SmsGateway {
  return {
    async send(to, text) {
      log.info({ to: maskPhone(to), text }, 'SMS not sent (no gateway configured): logged for development');
    },
  };
}
