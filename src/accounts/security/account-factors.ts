import type { Db } from '../../platform/db/connect.ts';

/** Which second factors an account has on: the advice in a security mail depends on it. */
export type AccountFactors = { totp: boolean; sms: boolean };

export async function accountFactors(db: Db, accountId: number): Promise<AccountFactors> {
  const row = await db.selectFrom('accounts').select(['totp_enabled_at', 'sms_enabled_at']).where('id', '=', accountId).executeTakeFirst();
  return { totp: row?.totp_enabled_at != null, sms: row?.sms_enabled_at != null };
}
