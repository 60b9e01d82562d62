import type { Config } from '../../platform/config.ts';
import type { Logger } from '../../platform/logger.ts';
import { httpSmsGateway } from './http-sms-gateway.ts';
import { logSmsGateway } from './log-sms-gateway.ts';
import type { SmsGateway } from './sms-gateway.ts';

/** The HTTP gateway when WALLETDESK_SMS_GATEWAY_URL is set, otherwise the development log gateway. */
export function createSmsGateway(sms: Config['accounts']['sms'], log: Logger): SmsGateway {
  if (sms.url) return httpSmsGateway({ url: sms.url, token: sms.token });
  // Info, not a warning: a desk whose customers use only authenticator apps needs no SMS gateway at all.
  log.info('WALLETDESK_SMS_GATEWAY_URL is not set: SMS codes are written to the log instead of being sent');
  return logSmsGateway(log);
}
