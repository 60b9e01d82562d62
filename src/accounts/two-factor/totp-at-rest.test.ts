import { generateSync } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import { addAgent } from '../../agents/add-agent.ts';
import { confirmTotp, setUpTotp, useAgentCode } from '../../agents/agent-totp.ts';
import { newTotpEnrolment } from '../../platform/totp.ts';
import { createTestDatabase, testDialects } from '../../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../../platform/testing/test-desk.ts';
import { CUSTOMER_PASSWORD, CustomerBrowser, signUpAndSignIn } from '../testing/customer.ts';

const totp = (secret: string, steps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * steps });

/** Sequences that rely on "this step" must not straddle a step boundary. */
async function awayFromStepBoundary() {
  const intoStep = Date.now() % 30_000;
  if (intoStep > 25_000) await new Promise((r) => setTimeout(r, 30_000 - intoStep + 100));
}

const SEALED = /^v1:[0-9a-f]{8}:[A-Za-z0-9+/]+=*$/;

describe.each(testDialects())('TOTP secrets at rest (%s)', (dialect) => {
  let t: TestDesk | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it("a customer's pending and enabled authenticator secrets are sealed in the row, and sign-in still works", async () => {
    t = await startTestDesk(dialect);
    const db = t.desk.handle.db;
    const { accountId, email, browser } = await signUpAndSignIn(t);
    const start = await browser.request('POST', '/2fa/totp');
    const secret = start.body.secret as string;
    const pending = await db.selectFrom('accounts').select(['totp_pending_secret', 'totp_secret']).where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(pending.totp_pending_secret).toMatch(SEALED);
    expect(JSON.stringify(pending)).not.toContain(secret);
    await awayFromStepBoundary();
    const confirmed = await browser.request('POST', '/2fa/totp/confirm', { json: { code: totp(secret) } });
    expect(confirmed.status).toBe(200);
    // Recovery codes are kept as hashes only.
    const kept = JSON.stringify(await db.selectFrom('account_recovery_codes').selectAll().where('account_id', '=', accountId).execute());
    for (const code of confirmed.body.recovery_codes as string[]) expect(kept).not.toContain(code.replace(/-/g, ''));
    const row = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(SEALED);
    expect(row.totp_secret).not.toBe(pending.totp_pending_secret);
    expect(JSON.stringify(row)).not.toContain(secret);
    await awayFromStepBoundary();
    expect((await CustomerBrowser.of(t).signIn(email, CUSTOMER_PASSWORD, totp(secret, 1))).status).toBe(200);
  });

  it("an agent's secret is sealed too, pending and confirmed, and its codes still work once", async () => {
    t = await startTestDesk(dialect);
    const db = t.desk.handle.db;
    const agentId = await addAgent(db, { email: 'sealed@operator.test', role: 'agent', password: 'correct horse battery staple' });
    const { secret } = await setUpTotp(db, agentId, 'sealed@operator.test');
    const pending = await db.selectFrom('agents').select(['totp_pending_secret']).where('id', '=', agentId).executeTakeFirstOrThrow();
    expect(pending.totp_pending_secret).toMatch(SEALED);
    await awayFromStepBoundary();
    expect(await confirmTotp(db, agentId, totp(secret))).toBe(true);
    const row = await db.selectFrom('agents').select(['totp_secret', 'totp_pending_secret']).where('id', '=', agentId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ totp_secret: expect.stringMatching(SEALED), totp_pending_secret: null });
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(await useAgentCode(db, agentId, totp(secret, 1))).toBe(true);
    expect(await useAgentCode(db, agentId, totp(secret, 1))).toBe(false);
  });

  it("a sealed secret copied into another customer's row does not open there", async () => {
    t = await startTestDesk(dialect);
    const db = t.desk.handle.db;
    const alice = await signUpAndSignIn(t);
    const bob = await signUpAndSignIn(t);
    const start = await alice.browser.request('POST', '/2fa/totp');
    await awayFromStepBoundary();
    expect((await alice.browser.request('POST', '/2fa/totp/confirm', { json: { code: totp(start.body.secret) } })).status).toBe(200);
    const sealed = (await db.selectFrom('accounts').select('totp_secret').where('id', '=', alice.accountId).executeTakeFirstOrThrow()).totp_secret;
    await db.updateTable('accounts').set({ totp_secret: sealed, totp_enabled_at: Date.now() }).where('id', '=', bob.accountId).execute();
    await awayFromStepBoundary();
    // Alice's code does not become Bob's second factor.
    expect((await CustomerBrowser.of(t).signIn(bob.email, CUSTOMER_PASSWORD, totp(start.body.secret, 1))).status).not.toBe(200);
  });

  it('secrets an older desk stored in clear are sealed at the next start, and their codes keep working', async () => {
    const database = await createTestDatabase(dialect);
    try {
      t = await startTestDesk(dialect, {}, { database });
      const db = t.desk.handle.db;
      const { accountId, email } = await signUpAndSignIn(t);
      const customer = (await newTotpEnrolment(email)).secret;
      const pendingClear = (await newTotpEnrolment(email)).secret;
      const agentId = await addAgent(db, { email: 'legacy@operator.test', role: 'agent', password: 'correct horse battery staple' });
      const agent = (await newTotpEnrolment('legacy@operator.test')).secret;
      await db.updateTable('accounts').set({ totp_secret: customer, totp_enabled_at: Date.now() }).where('id', '=', accountId).execute();
      await db.updateTable('agents').set({ totp_secret: agent, totp_pending_secret: pendingClear, totp_enabled: 1 }).where('id', '=', agentId).execute();
      await t.stop();

      t = await startTestDesk(dialect, {}, { database });
      const again = t.desk.handle.db;
      const accountRow = await again.selectFrom('accounts').select(['totp_secret']).where('id', '=', accountId).executeTakeFirstOrThrow();
      const agentRow = await again.selectFrom('agents').select(['totp_secret', 'totp_pending_secret']).where('id', '=', agentId).executeTakeFirstOrThrow();
      expect(accountRow.totp_secret).toMatch(SEALED);
      expect(agentRow).toEqual({ totp_secret: expect.stringMatching(SEALED), totp_pending_secret: expect.stringMatching(SEALED) });
      await awayFromStepBoundary();
      expect(await useAgentCode(again, agentId, totp(agent))).toBe(true);
      expect((await CustomerBrowser.of(t).signIn(email, CUSTOMER_PASSWORD, totp(customer))).status).toBe(200);
    } finally {
      await t?.stop();
      t = undefined;
      await database.drop();
    }
  });
});
