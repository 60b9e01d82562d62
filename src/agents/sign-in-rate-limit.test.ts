import { describe, expect, it } from 'vitest';
import { testDialects } from '../platform/testing/test-database.ts';
import { useMigratedDatabase } from '../platform/testing/use-migrated-database.ts';
import { recordSignInFailure, signInRetryAfter } from './sign-in-rate-limit.ts';

describe.each(testDialects())('agent sign-in limit per client network (%s)', (dialect) => {
  const migrated = useMigratedDatabase(dialect);

  it('counts failures from every address of one IPv6 /64 together, and only those', async () => {
    for (let i = 1; i <= 4; i += 1) await recordSignInFailure(migrated.db, { email: `guess${i}@operator.test`, ip: `2001:db8:aa:1::${i.toString(16)}` });
    expect(await signInRetryAfter(migrated.db, { email: 'agent@operator.test', ip: '2001:db8:aa:1:dead:beef:1:2' }, 4)).toBeGreaterThan(0);
    expect(await signInRetryAfter(migrated.db, { email: 'agent@operator.test', ip: '2001:db8:aa:2::1' }, 4)).toBe(0);
  });

  it('counts an IPv4-mapped address as its IPv4 address', async () => {
    for (let i = 1; i <= 4; i += 1) await recordSignInFailure(migrated.db, { email: `mapped${i}@operator.test`, ip: '::ffff:198.51.100.9' });
    expect(await signInRetryAfter(migrated.db, { email: 'agent@operator.test', ip: '198.51.100.9' }, 4)).toBeGreaterThan(0);
  });
});
