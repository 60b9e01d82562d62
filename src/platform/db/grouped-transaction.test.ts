import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database.ts';
import { durableTransaction, openDatabase, type DbHandle } from './connect.ts';
import { groupedRecomputableTransaction } from './grouped-transaction.ts';
import { migrateToLatest } from './migrate.ts';

describe.each(testDialects())('grouped and durable transactions (%s)', (dialect) => {
  let database: TestDatabase;
  let handle: DbHandle;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    handle = openDatabase(database.url);
    await migrateToLatest(handle.db, handle.dialect);
  });
  afterEach(async () => {
    await handle.close();
    await database.drop();
  });

  const addContact = (email: string) => (trx: typeof handle.db) =>
    trx.insertInto('contacts').values({ email, name: null, locale: null, created_at: Date.now() }).returning('id').executeTakeFirstOrThrow();
  const emails = async () => (await handle.db.selectFrom('contacts').select('email').orderBy('email').execute()).map((r) => r.email);

  it('work started in one turn shares a transaction; a piece that fails loses only its own writes', async () => {
    const results = await Promise.allSettled([
      groupedRecomputableTransaction(handle.db, addContact('a@example.com')),
      groupedRecomputableTransaction(handle.db, async (trx) => {
        await addContact('b@example.com')(trx);
        // The same address twice breaks the unique key, after this piece has written something.
        await addContact('b@example.com')(trx);
      }),
      groupedRecomputableTransaction(handle.db, addContact('c@example.com')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await emails()).toEqual(['a@example.com', 'c@example.com']);
  });

  // PostgreSQL does not group (see groupedRecomputableTransaction): there the pieces are separate transactions.
  it.runIf(dialect === 'sqlite')('each piece sees the writes of the pieces before it in its group', async () => {
    const [, seen] = await Promise.all([
      groupedRecomputableTransaction(handle.db, addContact('first@example.com')),
      groupedRecomputableTransaction(handle.db, (trx) => trx.selectFrom('contacts').select('email').execute()),
    ]);
    expect(seen.map((r) => r.email)).toEqual(['first@example.com']);
  });

  it('a piece alone that fails rolls back and says why', async () => {
    await expect(
      groupedRecomputableTransaction(handle.db, async (trx) => {
        await addContact('lone@example.com')(trx);
        await sql`select * from no_such_table`.execute(trx);
      }),
    ).rejects.toThrow(/no_such_table/);
    expect(await emails()).toEqual([]);
  });

  it('durable transactions started together all commit, and what they wrote is there after reopening', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => durableTransaction(handle.db, addContact(`d${String(i).padStart(2, '0')}@example.com`))));
    await handle.close();
    handle = openDatabase(database.url);
    expect(await emails()).toHaveLength(40);
    // A failing durable transaction commits nothing.
    await expect(durableTransaction(handle.db, async (trx) => {
      await addContact('gone@example.com')(trx);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await emails()).not.toContain('gone@example.com');
  });
});
