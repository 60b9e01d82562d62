import { afterAll, describe, expect, it } from 'vitest';
import { redisRateLimiter } from '../platform/rate-limit/redis-rate-limiter.ts';
import { testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { CustomerBrowser, signUpAndSignIn } from './testing/customer.ts';

const REDIS_URL = process.env.WALLETDESK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Fails `n` sign-ins on `on`, then asks `other` with the right password. */
async function lockedAcross(on: TestDesk, other: TestDesk, email: string, password: string, n: number) {
  for (let i = 0; i < n; i += 1) expect((await CustomerBrowser.of(on).signIn(email, `wrong guess number ${i}`)).status).toBe(401);
  return CustomerBrowser.of(other).signIn(email, password);
}

describe.each(testDialects())('a lockout holds on every desk process (%s)', (dialect) => {
  const desks: TestDesk[] = [];
  afterAll(async () => {
    for (const desk of desks.reverse()) await desk.stop();
  });

  it('two desks on one database share the counters in rate_limit_hits', async () => {
    const first = await startTestDesk(dialect, { WALLETDESK_ACCOUNT_MAX_FAILURES: '3' });
    desks.push(first);
    const second = await startTestDesk(dialect, { WALLETDESK_ACCOUNT_MAX_FAILURES: '3' }, { database: first.database });
    desks.push(second);
    const { email, password } = await signUpAndSignIn(first);
    const r = await lockedAcross(first, second, email, password, 3);
    expect(r.status).toBe(429);
  });

  it('with REDIS_URL, two desks on different databases share the counters in Redis', async () => {
    // Earlier runs within 15 minutes left this IP's hits in Redis.
    const cleaner = redisRateLimiter(REDIS_URL);
    for (const bucket of ['sign-in:ip', 'sign-up:ip']) await cleaner.clear(bucket, '127.0.0.1');
    await cleaner.close();
    const env = { WALLETDESK_ACCOUNT_MAX_FAILURES: '3', REDIS_URL };
    const first = await startTestDesk(dialect, env);
    desks.push(first);
    const second = await startTestDesk(dialect, env);
    desks.push(second);
    const { email, password } = await signUpAndSignIn(first);
    // The same account on the second desk's database: only Redis connects the two.
    await signUpAndSignIn(second, { email, password });
    const r = await lockedAcross(first, second, email, password, 3);
    expect(r.status).toBe(429);
    expect(await first.desk.handle.db.selectFrom('rate_limit_hits').selectAll().execute()).toEqual([]);
  });
});
