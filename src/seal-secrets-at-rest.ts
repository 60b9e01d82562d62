import { sealQueuedAccountMails } from './accounts/seal-account-mails.ts';
import type { Db } from './platform/db/connect.ts';
import { sealClearTotpSecrets } from './platform/totp-at-rest.ts';

/**
 * Run at every start, after the migrations and once the encryption key is loaded: seals what an older desk
 * stored in clear (TOTP secrets of agents and customers, security mail still waiting to be sent). It is not a
 * migration because migrations also run from `walletdesk migrate` and `status`, which hold no key; each step
 * touches only rows still in clear, so after the first start it finds nothing to do.
 */
export async function sealSecretsAtRest(db: Db): Promise<void> {
  await sealClearTotpSecrets(db, 'agents');
  await sealClearTotpSecrets(db, 'accounts');
  await sealQueuedAccountMails(db);
}
