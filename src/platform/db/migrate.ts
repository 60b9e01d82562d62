import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect, Db } from './connect.ts';
import * as m001 from './migrations/001-foundation.ts';
import * as m002 from './migrations/002-imap-source.ts';
import * as m003 from './migrations/003-mail-checks.ts';
import * as m004 from './migrations/004-agent-sessions.ts';
import * as m005 from './migrations/005-helpcenter.ts';
import * as m006 from './migrations/006-console.ts';
import * as m007 from './migrations/007-accounts.ts';
import * as m008 from './migrations/008-ingest-indexes.ts';
import * as m009 from './migrations/009-support-aliases.ts';
import * as m010 from './migrations/010-job-priority.ts';
import * as m011 from './migrations/011-threading-note.ts';
import * as m012 from './migrations/012-audit-log.ts';
import * as m013 from './migrations/013-chunked-blobs.ts';
import * as m014 from './migrations/014-secrets-at-rest.ts';

type VersionedMigration = { up: (db: Parameters<Migration['up']>[0], dialect: Dialect) => Promise<void> };

// Listed here rather than read from a folder, so migrations travel with the code and run the same under tsx.
const migrations: Record<string, VersionedMigration> = {
  '001-foundation': m001,
  '002-imap-source': m002,
  '003-mail-checks': m003,
  '004-agent-sessions': m004,
  '005-helpcenter': m005,
  '006-console': m006,
  '007-accounts': m007,
  '008-ingest-indexes': m008,
  '009-support-aliases': m009,
  '010-job-priority': m010,
  '011-threading-note': m011,
  '012-audit-log': m012,
  '013-chunked-blobs': m013,
  '014-secrets-at-rest': m014,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(migrations).map(([name, m]) => [name, { up: (db) => m.up(db, this.dialect) }]),
    );
  }
}

/** Applies every pending migration; safe to call from several processes at once (Kysely takes a lock). */
export async function migrateToLatest(db: Db, dialect: Dialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
