import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../platform/db/connect.ts';
import { runCli } from '../../platform/testing/desk-process.ts';
import { testDialects } from '../../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../../platform/testing/test-desk.ts';
import { createAccountDirect } from '../testing/customer.ts';
import { startWithdrawalHold } from '../withdrawal-hold.ts';
import { createServiceToken } from './service-tokens.ts';

describe.each(testDialects())('wallet backend: withdrawal status (%s)', (dialect) => {
  let t: TestDesk;
  let db: Db;
  let serviceToken: string;
  beforeAll(async () => {
    t = await startTestDesk(dialect);
    db = t.desk.handle.db;
    serviceToken = await createServiceToken(db, 'wallet-backend');
  });
  afterAll(async () => t?.stop());

  /** As the wallet backend asks: its own bearer token, no cookies. */
  async function status(id: number | string, token: string | null = serviceToken) {
    const res = await fetch(`http://127.0.0.1:${t.desk.httpPort}/api/v1/accounts/${id}/withdrawal-status`, {
      headers: token === null ? {} : { authorization: token.includes(' ') ? token : `Bearer ${token}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
  }

  it('`walletdesk token create --service NAME` prints a token, alone on the last line, that the endpoint accepts', async () => {
    const env = { WALLETDESK_DATA_DIR: t.database.dir, DATABASE_URL: t.database.url };
    const created = await runCli(['token', 'create', '--service', 'wallet-eu'], { env });
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trimEnd().split('\n').at(-1) ?? '';
    expect(token).toMatch(/^wds_[A-Za-z0-9_-]{43}$/);
    const stored = await db.selectFrom('service_tokens').select(['name', 'token_hash']).where('name', '=', 'wallet-eu').executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token);
    const { id } = await createAccountDirect(db);
    expect(await status(id, token)).toMatchObject({ status: 200, body: { status: 'allowed' } });
  }, 120_000);

  it('`token create` refuses --service together with --agent, and a blank service name, storing no token', async () => {
    const env = { WALLETDESK_DATA_DIR: t.database.dir, DATABASE_URL: t.database.url };
    const before = await db.selectFrom('service_tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const args of [['--service', 'wallet-x', '--agent', 'someone@example.com'], ['--service', '   ']]) {
      const refused = await runCli(['token', 'create', ...args], { env });
      expect(refused.code, refused.stdout).not.toBe(0);
      expect(refused.stderr).toContain('either --agent EMAIL or --service NAME');
    }
    const after = await db.selectFrom('service_tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  }, 120_000);

  it('answers allowed, held with its end and reason, allowed again once the hold has passed, and frozen over any hold', async () => {
    const { id } = await createAccountDirect(db);
    expect((await status(id)).body).toEqual({ status: 'allowed' });

    const until = await startWithdrawalHold(db, id, 'two_factor_changed', { withdrawalHoldMs: 24 * 3_600_000 });
    expect((await status(id)).body).toEqual({ status: 'held', until: new Date(until).toISOString(), reason: 'two_factor_changed' });

    await db.updateTable('accounts').set({ hold_until: Date.now() - 1000 }).where('id', '=', id).execute();
    expect((await status(id)).body).toEqual({ status: 'allowed' });

    await startWithdrawalHold(db, id, 'password_changed', { withdrawalHoldMs: 3_600_000 });
    await db.updateTable('accounts').set({ frozen_at: Date.now(), frozen_reason: 'stolen_report' }).where('id', '=', id).execute();
    expect((await status(id)).body).toEqual({ status: 'frozen', reason: 'stolen_report' });
    // A frozen account stays frozen when its hold runs out.
    await db.updateTable('accounts').set({ hold_until: Date.now() - 1000 }).where('id', '=', id).execute();
    expect((await status(id)).body.status).toBe('frozen');
  });

  it('refuses a missing, wrong or agent token with 401 and tells nothing about the account', async () => {
    const { id } = await createAccountDirect(db);
    const wrong = serviceToken.slice(0, -1) + (serviceToken.endsWith('A') ? 'B' : 'A');
    for (const [token, what] of [
      [null, 'no header'],
      [wrong, 'one character off'],
      [t.token, 'an agent API token'],
      [t.adminToken, 'an admin API token'],
      [`Basic ${Buffer.from('wallet:secret').toString('base64')}`, 'basic auth'],
      ['Bearer', 'empty bearer'],
      [`wds_${'x'.repeat(300)}`, 'oversized'],
    ] as const) {
      const r = await status(id, token);
      expect(r.status, what).toBe(401);
      expect(r.body.error, what).toBe('unauthorized');
      expect(r.body).not.toHaveProperty('status');
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
    }
    // Unauthenticated, an unknown id looks like any other.
    expect((await status(987_654_321, null)).status).toBe(401);
  });

  it('answers 404 for an unknown account and 400 naming the id for a non-numeric one', async () => {
    expect(await status(987_654_321)).toMatchObject({ status: 404, body: { error: 'not_found' } });
    for (const bad of ['abc', '0', '-1', '1.5', '1e3', '99999999999999999999']) {
      const r = await status(bad);
      expect(r.status, bad).toBe(400);
      expect(r.body.message, bad).toContain('params.id');
    }
  });
});
