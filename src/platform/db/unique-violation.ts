/**
 * Whether `err` is the database refusing a row because `table.column` already holds its value: an expected outcome
 * when two transactions race to insert the same thing, which the caller can then treat as "the other one won"
 * instead of a failure. The two drivers say it differently: PostgreSQL with SQLSTATE 23505 and the key in `detail`,
 * SQLite with SQLITE_CONSTRAINT_UNIQUE and `table.column` in the message.
 */
export function isUniqueViolation(err: unknown, table: string, column: string): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; table?: unknown; detail?: unknown; message?: unknown };
  if (e.code === '23505') {
    return e.table === table && typeof e.detail === 'string' && e.detail.startsWith(`Key (${column})=`);
  }
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return typeof e.message === 'string' && new RegExp(`\\b${table}\\.${column}\\b`).test(e.message);
  }
  return false;
}
