import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { narrowFile, PRIVATE_DIR_MODE, touchPrivateFile } from '../data-folder.ts';
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
  if (file !== ':memory:') {
    // A folder made here is private; an existing one is the operator's (DATABASE_URL may point anywhere, even
    // /tmp), so only the data folder itself is narrowed, by secureDataFolder at start.
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: PRIVATE_DIR_MODE });
    // SQLite gives its -wal and -shm files the mode of the database file, so making that one 0600 before
    // SQLite opens it (better-sqlite3 would create it 0644 under the usual umask) keeps all three private.
    touchPrivateFile(file);
    for (const companion of ['-wal', '-shm', '-journal']) narrowFile(`${file}${companion}`);
  }
  const database = new SqliteDatabase(file);
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs every commit, which is what lets SMTP
  // answer 250 only once a message is on disk. recomputableTransaction and durableTransaction below relax it
  // per transaction.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 10000');
  reusePreparedStatements(database);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  sqliteConnections.set(db, database);
  const log = file === ':memory:' ? undefined : new WalFlusher(`${path.resolve(file)}-wal`);
  if (log) walFlushers.set(db, log);
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      await db.destroy();
      await log?.close();
    },
  };
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
 * so the job and its result are lost together and the job runs again (claimed or queued, as the log last had
 * it). The next ordinary or durable commit flushes everything before it, and a job that acts outside the desk
 * commits durably before it acts (the acknowledgement is stored with durableTransaction before it is sent), so
 * nothing that reaches the outside world rests on a commit that could still vanish.
 */
export async function recomputableTransaction<T>(db: Db, run: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const database = sqliteConnections.get(db);
  if (database) {
    // The safety level cannot change inside a transaction, so it is set around it on the one connection, which
    // this holds throughout: no other statement can commit under the relaxed setting. Set on the driver itself:
    // it happens twice per job, and through the query builder it cost more than the commit it relaxes.
    return db.connection().execute(async (conn) => {
      database.pragma('synchronous = NORMAL');
      try {
        return await conn.transaction().execute(run);
      } finally {
        database.pragma('synchronous = FULL');
      }
    });
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local synchronous_commit = off`.execute(trx);
    return run(trx);
  });
}

/**
 * A transaction that is durable when the promise resolves, like an ordinary one, but whose flush to disk does not
 * hold up this thread. SQLite's synchronous=FULL makes the commit itself wait for fsync, and better-sqlite3 runs
 * on the main thread, so every durable commit stalled SMTP, HTTP and the jobs for the length of a disk flush.
 * Here the commit returns at once (synchronous=NORMAL, the log written in order but not flushed) and the caller
 * then waits for an fdatasync of the log on libuv's thread pool, which is what FULL would have done inline.
 * Commits that land while one flush runs share the next one (group commit). PostgreSQL commits durably without
 * blocking us anyway, so there it is a plain transaction.
 */
export async function durableTransaction<T>(db: Db, run: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const log = walFlushers.get(db);
  if (!log) return db.transaction().execute(run);
  const result = await recomputableTransaction(db, run);
  await log.flush();
  return result;
}

const sqliteConnections = new WeakMap<Db, SqliteDatabase.Database>();

/** SQLite: one connection, so one writer at a time and never two transactions waiting on each other's locks. */
export function hasSingleWriter(db: Db): boolean {
  return sqliteConnections.has(db);
}
const walFlushers = new WeakMap<Db, WalFlusher>();

/**
 * Flushes SQLite's write-ahead log. fdatasync on our own descriptor flushes the file whoever wrote it, and a flush
 * started after a commit's write covers that commit. One flush runs at a time; callers that arrive meanwhile are
 * served by a single next one, since the running flush may have begun before their commit.
 */
class WalFlusher {
  private file: Promise<fs.promises.FileHandle> | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly walPath: string) {}

  flush(): Promise<void> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => {})
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<void> {
    const run = this.datasync().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async datasync(): Promise<void> {
    this.file ??= fs.promises.open(this.walPath, 'r');
    try {
      await (await this.file).datasync();
    } catch (err) {
      // Opened too early or the log went away: the next flush opens it afresh.
      const stale = this.file;
      this.file = undefined;
      await stale.then((f) => f.close()).catch(() => {});
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.running?.catch(() => {});
    await this.queued?.catch(() => {});
    const file = this.file;
    this.file = undefined;
    await file?.then((f) => f.close()).catch(() => {});
  }
}
