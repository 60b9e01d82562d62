import type { Db } from '../platform/db/connect.ts';
import type { AccountLocale } from './account-mail-texts.ts';

/** What GET /me and a successful sign-in answer. */
export type AccountProfile = { id: number; email: string; locale: AccountLocale; email_verified: boolean };

export function localeOf(value: string | null | undefined): AccountLocale {
  return value === 'zh-CN' ? 'zh-CN' : 'en';
}

export async function accountProfile(db: Db, accountId: number): Promise<AccountProfile> {
  const row = await db.selectFrom('accounts').select(['id', 'email', 'locale', 'email_verified_at']).where('id', '=', accountId).executeTakeFirstOrThrow();
  return { id: row.id, email: row.email, locale: localeOf(row.locale), email_verified: row.email_verified_at !== null };
}
