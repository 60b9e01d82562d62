import { ConfigError, type Config } from '../../platform/config.ts';
import type { Logger } from '../../platform/logger.ts';
import { devOutboxSmsGateway, SMS_OUTBOX_FILE } from './dev-outbox-sms-gateway.ts';
import { httpSmsGateway, SmsGatewayError } from './http-sms-gateway.ts';
import type { SmsGateway } from './sms-gateway.ts';

/**
 * The HTTP gateway when WALLETDESK_SMS_GATEWAY_URL is set; SMS two-factor turned off with WALLETDESK_SMS_GATEWAY=
 * none, and also when nothing is set outside development, so `npm start` needs no set-up and never promises codes
 * it cannot deliver. The development outbox (SMS written to a 0600 file, never to the log, where codes once went at
 * info) only under NODE_ENV=development or test: WALLETDESK_SMS_GATEWAY=log anywhere else is a desk that would
 * enable SMS two-factor with no gateway, so it does not start, and the error names the settings that fix it.
 */
export function createSmsGateway(sms: Config['accounts']['sms'], log: Logger): SmsGateway {
  if (sms.url) return httpSmsGateway({ url: sms.url, token: sms.token });
  if (sms.gateway === 'log' && !sms.development) {
    throw new ConfigError([
      'WALLETDESK_SMS_GATEWAY: "log" enables SMS two-factor with no gateway, which is for development only (NODE_ENV=development). ' +
        'Set WALLETDESK_SMS_GATEWAY_URL (and WALLETDESK_SMS_GATEWAY_TOKEN) to your SMS provider, or WALLETDESK_SMS_GATEWAY=none',
    ]);
  }
  if (sms.gateway === 'none' || !sms.development) {
    log.info('SMS two-factor is turned off (set WALLETDESK_SMS_GATEWAY_URL to offer it)');
    return smsTurnedOff();
  }
  log.warn(`development SMS gateway: SMS are not sent but written to ${SMS_OUTBOX_FILE} in the data folder`);
  return devOutboxSmsGateway(sms.dataDir, log);
}

function smsTurnedOff(): SmsGateway {
  return {
    off: true,
    async send() {
      throw new SmsGatewayError('SMS two-factor is turned off on this desk: it has no SMS gateway (WALLETDESK_SMS_GATEWAY_URL)');
    },
  };
}
