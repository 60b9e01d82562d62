import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Db, type Dialect, type DbHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/**
 * A fresh database of the dialect, migrated before the describe block's tests and dropped after them: the set-up
 * database tests share. A file of its own because it registers vitest hooks, and benches import test-database.ts.
 * Read `db` (or `handle`, `database`) inside tests and hooks, not while tests are collected.
 */
export function useMigratedDatabase(dialect: Dialect): { readonly db: Db; readonly handle: DbHandle; readonly database: TestDatabase } {
  let database: TestDatabase | undefined;
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    handle = openDatabase(database.url);
    await migrateToLatest(handle.db, handle.dialect);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useMigratedDatabase: the database is made in beforeAll; read it inside a test or hook');
    return value;
  };
  return {
    get db() {
      return ready(handle).db;
    },
    get handle() {
      return ready(handle);
    },
    get database() {
      return ready(database);
    },
  };
}
