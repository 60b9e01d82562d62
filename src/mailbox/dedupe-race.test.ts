import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { DeskProcess } from '../platform/testing/desk-process.ts';
import { createTestDatabase, waitFor, type TestDatabase } from '../platform/testing/test-database.ts';
import { storeInbound } from './store-inbound.ts';

const postgresUrl = process.env.WALLETDESK_TEST_POSTGRES_URL;
const MESSAGES = 40;
const COPIES = 3;

function rawMail(i: number): Buffer {
  return Buffer.from(
    [
      `From: "Customer ${i}" <racer${i}@example.com>`,
      'To: support@walletdesk.local',
      `Subject: Delivered more than once ${i}`,
      `Message-ID: <race-${i}@example.com>`,
      'Date: Wed, 25 Nov 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `My withdrawal ${i} is stuck.`,
      '',
    ].join('\r\n'),
  );
}

// Two processes racing on one database is a PostgreSQL deployment; SQLite has one writer and no such race.
describe.skipIf(!postgresUrl)('the same mail taken by two processes at once (skipped: WALLETDESK_TEST_POSTGRES_URL is not set)', () => {
  let database: TestDatabase | undefined;
  let handle: DbHandle | undefined;
  const desks: DeskProcess[] = [];
  afterAll(async () => {
    await Promise.all(desks.map((d) => d.kill()));
    await handle?.close();
    await database?.drop();
  });

  it('becomes one message at once: no job retried, no error logged', async () => {
    database = await createTestDatabase('postgres');
    handle = openDatabase(database.url, { poolSize: 4 });
    const db = handle.db;
    await migrateToLatest(db, 'postgres');
    // Every message stored several times over, copies side by side, as when a sender retries or two desks poll one
    // mailbox: the copies' jobs are claimed and run at the same moment.
    for (let i = 0; i < MESSAGES; i++) {
      await Promise.all(
        Array.from({ length: COPIES }, () =>
          storeInbound(db, rawMail(i), { source: 'smtp', mailFrom: `racer${i}@example.com`, rcptTo: ['support@walletdesk.local'], remoteAddress: '127.0.0.1', helo: 'mx.example.com' }),
        ),
      );
    }
    const env = {
      WALLETDESK_DATA_DIR: database.dir,
      DATABASE_URL: database.url,
      WALLETDESK_JOB_POLL_MS: '20',
      // The default backoff: a race that ends in a retry leaves a copy pending for 30 s, past the wait below.
      WALLETDESK_RETRY_BASE_MS: '30000',
      WALLETDESK_SECRET: 'dedupe-race-test-secret-0123456789abcdef',
    };
    // A generous start-up wait: on a loaded machine two desks starting at once take a while.
    desks.push(...(await Promise.all([DeskProcess.start(env, { timeoutMs: 90_000 }), DeskProcess.start(env, { timeoutMs: 90_000 })])));
    const [a, b] = desks as [DeskProcess, DeskProcess];

    await waitFor(async () => {
      const pending = await db.selectFrom('inbound_raw').select('id').where('status', '=', 'pending').limit(1).execute();
      return pending.length === 0;
    }, 25_000, 'every copy to be processed').catch((err: Error) => {
      throw new Error(`${err.message}\n--- first ---\n${a.tail()}\n--- second ---\n${b.tail()}`);
    });

    const messages = await db.selectFrom('messages').select(['external_id']).where('direction', '=', 'inbound').execute();
    expect(messages).toHaveLength(MESSAGES);
    expect(new Set(messages.map((m) => m.external_id)).size).toBe(MESSAGES);
    const raws = await db.selectFrom('inbound_raw').select(['status', 'note', 'message_id']).execute();
    expect(raws.filter((r) => r.status !== 'processed')).toEqual([]);
    expect(raws.filter((r) => r.note === 'duplicate delivery')).toHaveLength(MESSAGES * (COPIES - 1));
    expect(new Set(raws.map((r) => r.message_id)).size).toBe(MESSAGES);
    const intake = await db.selectFrom('jobs').select(['attempts', 'last_error']).where('kind', '=', 'process-inbound').execute();
    expect(intake.filter((j) => j.attempts !== 1 || j.last_error !== null)).toEqual([]);
    // Nothing about the work logged as a warning or error (start-up notices about configuration are not this test's).
    for (const d of desks) expect(d.logs.filter((l) => (l.level ?? 0) >= 40 && ('err' in l || 'job_id' in l)), d.tail()).toEqual([]);
  }, 240_000);
});
