import type { Dialect } from './connect.ts';

/**
 * `FOR UPDATE` on PostgreSQL, where concurrent transactions must queue on the rows a check reads; nothing on
 * SQLite, which has no row locks and runs one write transaction at a time anyway.
 */
export function lockRowsForUpdate<Q extends { forUpdate(): Q }>(query: Q, dialect: Dialect): Q {
  return dialect === 'postgres' ? query.forUpdate() : query;
}
