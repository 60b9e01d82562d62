import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Dialect } from '../db/connect.ts';

/**
 * The dialects every database test runs on: SQLite always, PostgreSQL too when WALLETDESK_TEST_POSTGRES_URL
 * names a server (CI sets it), in the manner of Kysely's own test suite.
 */
export function testDialects(): Dialect[] {
  return process.env.WALLETDESK_TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export type TestDatabase = { url: string; dir: string; drop: () => Promise<void> };

export function tempDir(prefix = 'walletdesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh, empty database of the dialect, and a data folder beside it. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dir = tempDir();
  if (dialect === 'sqlite') {
    return { url: `sqlite:${path.join(dir, 'test.sqlite')}`, dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.WALLETDESK_TEST_POSTGRES_URL as string;
  const name = `wd_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value other than undefined/false, or fails after `ms`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, ms = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until no job is queued or running: everything the desk was asked to do has been done. */
export async function jobsSettled(db: import('../db/connect.ts').Db, ms = 15_000): Promise<void> {
  await waitFor(async () => {
    const row = await db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    return Number(row.n) === 0;
  }, ms, 'jobs to settle');
}
