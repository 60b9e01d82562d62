import type { Db } from '../platform/db/connect.ts';
import type { RequestClient } from './client-of-request.ts';

export type LoginFailure = 'unknown_email' | 'wrong_password' | 'wrong_code' | 'locked_out' | 'unlock_required';

/**
 * Records one sign-in attempt — successes and failures alike, an unknown email with no account — for the
 * customer's activity list and the unusual-login rules. Returns the row's id.
 */
export async function recordLoginAttempt(
  db: Db,
  attempt: { accountId: number | null; client: RequestClient; success: boolean; failure?: LoginFailure },
  now = Date.now(),
): Promise<number> {
  const { client } = attempt;
  const row = await db
    .insertInto('account_logins')
    .values({
      account_id: attempt.accountId,
      at: now,
      ip: client.ip,
      country: client.country,
      city: client.city,
      latitude: client.latitude,
      longitude: client.longitude,
      user_agent: client.userAgent,
      device: client.device,
      device_hash: client.deviceHash,
      success: attempt.success ? 1 : 0,
      failure_reason: attempt.failure ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type LoginActivityItem = {
  at: number;
  ip: string;
  country: string | null;
  city: string | null;
  device: string;
  success: boolean;
  flagged: boolean;
  flag_reasons: string[];
};

const LOGIN_ACTIVITY_LIMIT = 100;

/** The account's sign-ins, newest first. */
export async function loginActivity(db: Db, accountId: number): Promise<LoginActivityItem[]> {
  const rows = await db
    .selectFrom('account_logins')
    .select(['at', 'ip', 'country', 'city', 'device', 'success', 'flagged', 'flag_reasons'])
    .where('account_id', '=', accountId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(LOGIN_ACTIVITY_LIMIT)
    .execute();
  return rows.map((r) => ({
    at: r.at,
    ip: r.ip,
    country: r.country,
    city: r.city,
    device: r.device,
    success: r.success === 1,
    flagged: r.flagged === 1,
    flag_reasons: JSON.parse(r.flag_reasons) as string[],
  }));
}
