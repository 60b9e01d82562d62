import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Takes, inside a transaction, the one lock that lets a reader of a table's last row append after it without a
 * second writer doing the same meanwhile, in this process or another. PostgreSQL: a transaction-level advisory lock
 * on `key` (released at commit or rollback). SQLite: a write that matches nothing, so the transaction holds the
 * database's write lock before it reads (waiting out another process's writer under busy_timeout), rather than
 * reading first and failing to upgrade later.
 */
export async function takeSerialAppendLock(trx: Kysely<Database>, key: bigint, table: keyof Database): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(${key.toString()}::bigint)`.execute(trx);
    return;
  }
  await sql`delete from ${sql.table(table)} where 0`.execute(trx);
}
