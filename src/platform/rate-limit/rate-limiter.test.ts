import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database.ts';
import { databaseRateLimiter } from './database-rate-limiter.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { redisRateLimiter } from './redis-rate-limiter.ts';

const REDIS_URL = process.env.WALLETDESK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Backend = { name: string; open: () => Promise<{ a: RateLimiter; b: RateLimiter; stored: () => Promise<string>; close: () => Promise<void> }> };

const backends: Backend[] = [
  ...testDialects().map((dialect) => ({
    name: `database (${dialect})`,
    async open() {
      const database: TestDatabase = await createTestDatabase(dialect);
      // Two connections to one database stand for two desk processes.
      const first: DbHandle = openDatabase(database.url);
      await migrateToLatest(first.db, first.dialect);
      const second = openDatabase(database.url);
      return {
        a: databaseRateLimiter(first.db),
        b: databaseRateLimiter(second.db),
        stored: async () => JSON.stringify(await first.db.selectFrom('rate_limit_hits').selectAll().execute()),
        close: async () => {
          await first.close();
          await second.close();
          await database.drop();
        },
      };
    },
  })),
  {
    name: 'redis',
    async open() {
      const prefix = `walletdesk-test:${randomBytes(6).toString('hex')}:`;
      const a = redisRateLimiter(REDIS_URL, { prefix });
      const b = redisRateLimiter(REDIS_URL, { prefix });
      const inspector = new Redis(REDIS_URL);
      return {
        a,
        b,
        stored: async () => JSON.stringify(await inspector.keys(`${prefix}*`)),
        close: async () => {
          const keys = await inspector.keys(`${prefix}*`);
          if (keys.length) await inspector.del(...keys);
          inspector.disconnect();
          await a.close();
          await b.close();
        },
      };
    },
  },
];

describe.each(backends)('sliding-window rate limiter: $name', (backend) => {
  let a: RateLimiter;
  let b: RateLimiter;
  let stored: () => Promise<string>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ a, b, stored, close } = await backend.open());
  });
  afterAll(async () => close?.());

  it('counts hits per bucket and key, shared by every process, and count() records nothing', async () => {
    expect(await a.hit('sign-in:ip', '203.0.113.7', 60_000)).toBe(1);
    expect(await b.hit('sign-in:ip', '203.0.113.7', 60_000)).toBe(2);
    expect(await a.hit('sign-in:ip', '203.0.113.8', 60_000)).toBe(1);
    expect(await a.hit('reset:ip', '203.0.113.7', 60_000)).toBe(1);
    expect(await b.count('sign-in:ip', '203.0.113.7', 60_000)).toBe(2);
    expect(await b.count('sign-in:ip', '203.0.113.7', 60_000)).toBe(2);
  });

  it('forgets hits that left the window', async () => {
    await a.hit('window', 'k', 1000);
    await sleep(600);
    await b.hit('window', 'k', 1000);
    expect(await a.count('window', 'k', 1000)).toBe(2);
    await sleep(500);
    expect(await a.count('window', 'k', 1000)).toBe(1);
    expect(await a.hit('window', 'k', 1000)).toBe(2);
  });

  it('retryAfterMs is 0 under the limit and, at it, the time until the oldest counted hit leaves the window', async () => {
    expect(await a.retryAfterMs('lock', 'li@customer.test', 60_000, 3)).toBe(0);
    for (let i = 0; i < 3; i += 1) await (i % 2 ? a : b).hit('lock', 'li@customer.test', 60_000);
    const wait = await b.retryAfterMs('lock', 'li@customer.test', 60_000, 3);
    expect(wait).toBeGreaterThan(59_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await a.retryAfterMs('lock', 'li@customer.test', 60_000, 4)).toBe(0);
  });

  it('clear() forgets one key only', async () => {
    await a.hit('clear', 'one', 60_000);
    await a.hit('clear', 'two', 60_000);
    await b.clear('clear', 'one');
    expect(await a.count('clear', 'one', 60_000)).toBe(0);
    expect(await a.count('clear', 'two', 60_000)).toBe(1);
  });

  it('stores no address or IP as such', async () => {
    await a.hit('privacy', 'wang.fang@customer.test', 60_000);
    await a.hit('privacy', '198.51.100.23', 60_000);
    const all = await stored();
    expect(all).not.toContain('wang.fang');
    expect(all).not.toContain('198.51.100.23');
  });
});

describe.each(testDialects())('the database limiter\'s table (%s)', (dialect) => {
  it('a hit now and then sweeps the expired rows of keys never hit again', async () => {
    const database = await createTestDatabase(dialect);
    const handle = openDatabase(database.url);
    try {
      await migrateToLatest(handle.db, handle.dialect);
      const never = databaseRateLimiter(handle.db, { sweepShare: 0 });
      const always = databaseRateLimiter(handle.db, { sweepShare: 1 });
      await never.hit('sweep', 'tried once', 100);
      await sleep(150);
      await never.hit('sweep', 'another', 100);
      expect(await handle.db.selectFrom('rate_limit_hits').select('at').execute()).toHaveLength(2);
      await sleep(150);
      await always.hit('sweep', 'a third', 100);
      expect(await handle.db.selectFrom('rate_limit_hits').select('at').execute()).toHaveLength(1);
    } finally {
      await handle.close();
      await database.drop();
    }
  });
});
