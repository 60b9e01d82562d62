import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type DbHandle = { db: Db; dialect: Dialect; close: () => Promise<void> };

// int8 (bigint) columns hold epoch milliseconds and ids, both far below 2^53: read them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

export function sqlitePathOf(url: string): string | undefined {
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  if (url.startsWith('file:')) return url.slice('file:'.length);
  return undefined;
}

export function openDatabase(url: string, opts: { poolSize?: number } = {}): DbHandle {
  const file = sqlitePathOf(url);
  if (file !== undefined) return openSqlite(file);
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  // An idle client that loses its server must not take the process down; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

function openSqlite(file: string): DbHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SqliteDatabase(file);
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs every commit, which is what lets SMTP
  // answer 250 only once a message is on disk. Only recomputableTransaction below relaxes it, per transaction.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 10000');
  reusePreparedStatements(database);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew, and for the short queries an API request makes, parsing and planning cost
 * as much as running them. The desk sends the same few hundred SQL texts all day, so each is prepared once.
 * Reuse is safe because Kysely runs one query at a time on its single SQLite connection (a streamed query holds
 * it until the stream ends), and SQLite re-prepares a statement by itself when a migration changes the schema.
 */
function reusePreparedStatements(database: SqliteDatabase.Database): void {
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, SqliteDatabase.Statement>();
  database.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (!statement) {
      // An IN list makes one text per length, so the set of texts is bounded but large; a cap keeps memory flat.
      if (statements.size >= 2_000) statements.clear();
      statement = prepare(source);
      statements.set(source, statement);
    }
    return statement;
  }) as typeof database.prepare;
}

/**
 * A transaction whose every write can be recomputed from data already committed durably: a job's result
 * written together with the job's completion. Its commit returns without waiting for the disk (SQLite:
 * synchronous=NORMAL for this commit, WAL still written in order; PostgreSQL: synchronous_commit=off for it).
 * A power cut can then lose the last such commits, never a prefix-breaking subset: the log is replayed in order,
 * so the job and its result are lost together and the job, still claimed in the durable state, runs again once
 * its lease runs out. The next ordinary commit (and every job claim is one) flushes everything before it, so
 * nothing that reaches the outside world (an acknowledgement mail) rests on a commit that could still vanish.
 */
export async function recomputableTransaction<T>(db: Db, run: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    // The safety level cannot change inside a transaction, so it is set around it on the one connection, which
    // this holds throughout: no other statement can commit under the relaxed setting.
    return db.connection().execute(async (conn) => {
      await sql`pragma synchronous = NORMAL`.execute(conn);
      try {
        return await conn.transaction().execute(run);
      } finally {
        await sql`pragma synchronous = FULL`.execute(conn);
      }
    });
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local synchronous_commit = off`.execute(trx);
    return run(trx);
  });
}
