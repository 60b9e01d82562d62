import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeInbound } from '../../mailbox/store-inbound.ts';
import { openDatabase, type DbHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { CaptureRelay } from '../testing/capture-relay.ts';
import { DeskProcess } from '../testing/desk-process.ts';
import { createTestDatabase, waitFor, type TestDatabase } from '../testing/test-database.ts';

const postgresUrl = process.env.WALLETDESK_TEST_POSTGRES_URL;
const BACKLOG = 360;
const SENDERS = 60;

function rawMail(i: number): Buffer {
  return Buffer.from(
    [
      `From: "Customer ${i % SENDERS}" <customer${i % SENDERS}@example.com>`,
      'To: support@walletdesk.local',
      `Subject: Backlog message ${i}`,
      `Message-ID: <backlog-${i}@example.com>`,
      'Date: Wed, 25 Nov 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Message ${i}: my withdrawal number ${i} is stuck.`,
      '',
    ].join('\r\n'),
  );
}

function dkimKeyFile(dir: string): string {
  const file = path.join(dir, 'shared-dkim.pem');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return file;
}

// Several processes on one database is a PostgreSQL deployment (SKIP LOCKED claims); SQLite is one process.
describe.skipIf(!postgresUrl)('two walletdesk processes on one PostgreSQL (skipped: WALLETDESK_TEST_POSTGRES_URL is not set)', () => {
  let database: TestDatabase | undefined;
  let relay: CaptureRelay | undefined;
  let handle: DbHandle | undefined;
  const desks: DeskProcess[] = [];
  afterAll(async () => {
    await Promise.all(desks.map((d) => d.kill()));
    await handle?.close();
    await relay?.stop();
    await database?.drop();
  });

  it(`drain a backlog of ${BACKLOG} inbound messages together: one ticket message each, every job run once, both did work`, async () => {
    database = await createTestDatabase('postgres');
    relay = await new CaptureRelay().start();
    handle = openDatabase(database.url, { poolSize: 8 });
    const db = handle.db;
    await migrateToLatest(db, 'postgres');

    // The backlog, stored as the SMTP intake stores mail, while no worker runs.
    for (let i = 0; i < BACKLOG; i += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, BACKLOG - i) }, (_, k) =>
          storeInbound(db, rawMail(i + k), { source: 'smtp', mailFrom: `customer${(i + k) % SENDERS}@example.com`, rcptTo: ['support@walletdesk.local'], remoteAddress: '127.0.0.1', helo: 'client.example.com' }),
        ),
      );
    }
    const queued = await db.selectFrom('jobs').select(['status', 'attempts']).execute();
    expect(queued).toHaveLength(BACKLOG);
    expect(queued.every((j) => j.status === 'queued' && j.attempts === 0)).toBe(true);

    const env = {
      WALLETDESK_DATA_DIR: database.dir,
      DATABASE_URL: database.url,
      WALLETDESK_SMTP_RELAY: relay.url,
      WALLETDESK_JOB_POLL_MS: '20',
      WALLETDESK_RETRY_BASE_MS: '50',
      WALLETDESK_LOG_LEVEL: 'info',
      // Processes sharing one PostgreSQL share one secret (status links), one encryption key and one DKIM key, as
      // the README tells operators; SMS two-factor is off (no gateway), so nothing here deserves a warning.
      WALLETDESK_SECRET: 'multi-process-test-secret-0123456789abcdef',
      WALLETDESK_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      WALLETDESK_DKIM_PRIVATE_KEY_FILE: dkimKeyFile(database.dir),
      WALLETDESK_SMS_GATEWAY: 'none',
    };
    desks.push(...(await Promise.all([DeskProcess.start(env), DeskProcess.start(env)])));
    const [a, b] = desks as [DeskProcess, DeskProcess];

    await waitFor(async () => {
      const open = await db.selectFrom('jobs').select('id').where('status', 'in', ['queued', 'running']).limit(1).execute();
      const pending = await db.selectFrom('inbound_raw').select('id').where('status', '=', 'pending').limit(1).execute();
      return open.length === 0 && pending.length === 0;
    }, 60_000, 'both processes to drain the backlog').catch((err: Error) => {
      throw new Error(`${err.message}\n--- first ---\n${a.tail()}\n--- second ---\n${b.tail()}`);
    });
    expect(await Promise.all(desks.map((d) => d.stop()))).toEqual([{ code: 0, signal: null }, { code: 0, signal: null }]);

    // Every message became exactly one ticket message.
    const raws = await db.selectFrom('inbound_raw').select(['id', 'status', 'message_id']).execute();
    expect(raws.filter((r) => r.status !== 'processed')).toEqual([]);
    const messages = await db.selectFrom('messages').select(['id', 'external_id', 'raw_id']).where('direction', '=', 'inbound').execute();
    expect(messages).toHaveLength(BACKLOG);
    expect(new Set(messages.map((m) => m.external_id)).size).toBe(BACKLOG);
    expect(new Set(messages.map((m) => m.raw_id)).size).toBe(BACKLOG);

    // Every job, intake and delivery alike, ran once and finished.
    const jobs = await db.selectFrom('jobs').select(['id', 'kind', 'status', 'attempts', 'locked_by', 'last_error']).execute();
    const odd = jobs.filter((j) => j.status !== 'done' || j.attempts !== 1 || j.locked_by !== null);
    expect(odd).toEqual([]);
    const deliveries = jobs.filter((j) => j.kind === 'deliver-message');
    expect(deliveries.length).toBeGreaterThan(0);

    // Each acknowledgement reached the relay once.
    const sentIds = relay.mails.map((m) => /^Message-ID: (<[^>]+>)/im.exec(m.raw)?.[1]);
    expect(sentIds.every(Boolean)).toBe(true);
    expect(new Set(sentIds).size).toBe(sentIds.length);
    expect(sentIds).toHaveLength(deliveries.length);

    // Both processes did part of the work, and no message was processed by both (nor twice by one).
    const processedBy = desks.map((d) => d.logged('inbound mail processed').map((l) => Number(l.raw_id)));
    const [byA, byB] = processedBy as [number[], number[]];
    expect(byA.length, 'messages processed by the first process').toBeGreaterThan(0);
    expect(byB.length, 'messages processed by the second process').toBeGreaterThan(0);
    const all = [...byA, ...byB];
    expect(all).toHaveLength(BACKLOG);
    expect(new Set(all).size).toBe(BACKLOG);
    expect(all.some((rawId) => byA.includes(rawId) && byB.includes(rawId))).toBe(false);
    for (const d of desks) expect(d.logs.filter((l) => (l.level ?? 0) >= 40), d.tail()).toEqual([]);
  });
});
