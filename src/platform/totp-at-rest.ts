import type { Db } from './db/connect.ts';
import { isSealed, sealText } from './encryption.ts';

/** The tables that keep a TOTP secret and a pending one: agents (console) and accounts (customers). */
export type TotpTable = 'agents' | 'accounts';
type TotpColumn = 'totp_secret' | 'totp_pending_secret';

/** The associated data a secret is sealed with: its table, column and row, so a ciphertext moved elsewhere never opens. */
export const totpSealContext = (table: TotpTable, column: TotpColumn, id: number) => `${table}.${column}:${id}`;

/**
 * Seals the TOTP secrets (enabled and pending) of one table still stored in clear, written before sealing existed.
 * A start-up step, not a migration: migrations also run from `walletdesk migrate` and `status`, which never load the
 * key. Idempotent.
 */
export async function sealClearTotpSecrets(db: Db, table: TotpTable): Promise<number> {
  // Both tables have the same TOTP columns; Kysely is told one of them so the statements stay typed.
  const t = table as 'agents';
  const rows = await db
    .selectFrom(t)
    .select(['id', 'totp_secret', 'totp_pending_secret'])
    .where((eb) => eb.or([eb.and([eb('totp_secret', 'is not', null), eb('totp_secret', 'not like', 'v1:%')]), eb.and([eb('totp_pending_secret', 'is not', null), eb('totp_pending_secret', 'not like', 'v1:%')])]))
    .execute();
  let sealed = 0;
  for (const row of rows) {
    for (const column of ['totp_secret', 'totp_pending_secret'] as const) {
      const value = row[column];
      if (value === null || isSealed(value)) continue;
      // Conditional on the clear value, so a confirmation racing this step is never overwritten.
      const updated = await db.updateTable(t).set({ [column]: sealText(value, totpSealContext(table, column, row.id)) }).where('id', '=', row.id).where(column, '=', value).executeTakeFirst();
      sealed += Number(updated.numUpdatedRows);
    }
  }
  return sealed;
}
