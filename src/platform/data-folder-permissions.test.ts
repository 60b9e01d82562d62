import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../server.ts';
import { loadConfig } from './config.ts';
import { secureDataFolder } from './data-folder.ts';
import { openDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { tempDir } from './testing/test-database.ts';

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

/** Runs `run` under the umask most systems start with (022), which makes new files 0644 unless we say otherwise. */
async function underUmask<T>(mask: number, run: () => Promise<T>): Promise<T> {
  const before = process.umask(mask);
  try {
    return await run();
  } finally {
    process.umask(before);
  }
}

describe('the data folder at rest', () => {
  let desk: Desk | undefined;
  afterEach(async () => {
    await desk?.stop();
    desk = undefined;
  });

  it('a first start under umask 022 makes the folder 0700 and the database, its log, and every key 0600', async () => {
    const dir = path.join(tempDir(), 'data');
    desk = await underUmask(0o022, () =>
      startDesk(loadConfig({ WALLETDESK_DATA_DIR: dir, WALLETDESK_HTTP_PORT: '0', WALLETDESK_SMTP_PORT: '0', WALLETDESK_LOG_LEVEL: 'silent', WALLETDESK_SMS_GATEWAY: 'none' }), pino({ level: 'silent' })),
    );
    expect(modeOf(dir)).toBe(0o700);
    const files = fs.readdirSync(dir);
    for (const name of ['walletdesk.sqlite', 'walletdesk.sqlite-wal', 'walletdesk.sqlite-shm', 'secret.key', 'encryption.key', 'dkim-private.pem']) expect(files).toContain(name);
    for (const name of files) expect([name, modeOf(path.join(dir, name))]).toEqual([name, 0o600]);
  });

  it('a folder left open to others is narrowed at start, with a warning that names no secret', async () => {
    const dir = path.join(tempDir(), 'data');
    fs.mkdirSync(path.join(dir, 'old'), { recursive: true });
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'walletdesk.sqlite'), '');
    fs.chmodSync(path.join(dir, 'walletdesk.sqlite'), 0o644);
    fs.writeFileSync(path.join(dir, 'old', 'blob.tmp'), 'customer data');
    fs.chmodSync(path.join(dir, 'old', 'blob.tmp'), 0o666);
    fs.writeFileSync(path.join(dir, 'secret.key'), 'a'.repeat(64));
    fs.chmodSync(path.join(dir, 'secret.key'), 0o644);
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    expect(secureDataFolder(dir, log)).toBe(5);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, 'old'))).toBe(0o700);
    expect(modeOf(path.join(dir, 'walletdesk.sqlite'))).toBe(0o600);
    expect(modeOf(path.join(dir, 'old', 'blob.tmp'))).toBe(0o600);
    expect(modeOf(path.join(dir, 'secret.key'))).toBe(0o600);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/"mode":"0755"/);
    expect(lines[0]).not.toContain('a'.repeat(16));
    // Already private: nothing to say the second time.
    expect(secureDataFolder(dir, log)).toBe(0);
    expect(lines).toHaveLength(1);
  });

  it('opening a SQLite database (any command, not only start) keeps it and its -wal and -shm at 0600', async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, 'cli.sqlite');
    const handle = await underUmask(0o022, async () => {
      const h = openDatabase(`sqlite:${file}`);
      await migrateToLatest(h.db, h.dialect);
      return h;
    });
    try {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, modeOf(f)]).toEqual([f, 0o600]);
      // DATABASE_URL may point into a folder that is not ours: it is left as the operator set it.
      expect(modeOf(dir)).toBe(0o755);
    } finally {
      await handle.close();
    }
  });
});
