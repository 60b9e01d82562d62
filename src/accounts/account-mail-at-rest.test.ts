import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../platform/db/connect.ts';
import { enqueueJob } from '../platform/jobs/queue.ts';
import { redactSecretLinks } from '../platform/redact-secret-links.ts';
import { createTestDatabase, jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { DELIVER_ACCOUNT_MAIL_JOB } from './queue-account-mail.ts';
import { CUSTOMER_PASSWORD, CustomerBrowser, createAccountDirect, linkToken, signUpAndSignIn, uniqueEmail, waitForMail } from './testing/customer.ts';

/** Everything the database holds about an account's mail, and every stored blob, as one searchable text. */
async function storedEverywhere(db: Db, accountId: number): Promise<string> {
  const mails = await db.selectFrom('account_mails').selectAll().where('account_id', '=', accountId).execute();
  const blobs = await db.selectFrom('blobs').select('data').execute();
  return JSON.stringify(mails) + blobs.map((b) => Buffer.from(b.data).toString('latin1')).join('\n');
}

describe.each(testDialects())('security mail at rest (%s)', (dialect) => {
  let t: TestDesk | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('verification and reset links reach the customer, but no stored copy holds their tokens, and the links work', async () => {
    t = await startTestDesk(dialect);
    const db = t.desk.handle.db;
    const email = uniqueEmail();
    const browser = CustomerBrowser.of(t);
    expect((await browser.signUp(email, CUSTOMER_PASSWORD)).status).toBe(201);
    const verifyToken = linkToken((await waitForMail(t, email, /Verify your email/)).text, 'verify');
    expect((await browser.request('POST', '/password-reset', { json: { email } })).status).toBe(202);
    const resetToken = linkToken((await waitForMail(t, email, /Reset your password/)).text, 'reset');
    const account = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    await jobsSettled(db);

    const stored = await storedEverywhere(db, account.id);
    for (const token of [verifyToken, resetToken]) {
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(encodeURIComponent(token));
    }
    const rows = await db.selectFrom('account_mails').selectAll().where('account_id', '=', account.id).orderBy('id').execute();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(rows.map((r) => ({ text_sealed: r.text_sealed, raw_sealed: r.raw_sealed, raw_blob_hash: r.raw_blob_hash }))).toEqual([
      { text_sealed: null, raw_sealed: null, raw_blob_hash: null },
      { text_sealed: null, raw_sealed: null, raw_blob_hash: null },
    ]);
    // What is kept still tells which page the mail pointed to.
    expect(rows[0]?.text).toContain('/account/verify?token=[redacted]');
    expect(rows[1]?.text).toContain('/account/reset?token=[redacted]');

    expect((await browser.request('POST', '/password-reset/confirm', { json: { token: resetToken, password: 'a brand new long passphrase 7' } })).status).toBe(200);
  });

  it('while a mail waits for the relay, its text and bytes exist only sealed; the retry sends the live link', async () => {
    t = await startTestDesk(dialect);
    const db = t.desk.handle.db;
    const { accountId, email, browser } = await signUpAndSignIn(t);
    await waitForMail(t, email, /Verify your email/);
    await jobsSettled(db);
    t.relay.failNext(3, 451);
    expect((await browser.request('POST', '/password-reset', { json: { email } })).status).toBe(202);
    const waiting = await waitFor(
      async () => (await db.selectFrom('account_mails').selectAll().where('account_id', '=', accountId).where('kind', '=', 'password_reset').executeTakeFirst())?.raw_sealed ? db.selectFrom('account_mails').selectAll().where('account_id', '=', accountId).where('kind', '=', 'password_reset').executeTakeFirstOrThrow() : undefined,
      10_000,
      'the reset mail composed and waiting',
    );
    expect(waiting).toMatchObject({ status: 'queued', raw_sealed: expect.stringMatching(/^v1:/), text_sealed: null, raw_blob_hash: null });
    expect(waiting.text).toContain('?token=[redacted]');
    const token = linkToken((await waitForMail(t, email, /Reset your password/, 20_000)).text, 'reset');
    expect(JSON.stringify(waiting)).not.toContain(token);
    await jobsSettled(db);
    expect(await storedEverywhere(db, accountId)).not.toContain(token);
  });

  it('a mail given up (5xx) or never sent (no relay) keeps no live copy either', async () => {
    const cases: Record<string, string>[] = [{}, { WALLETDESK_SMTP_RELAY: '' }];
    for (const env of cases) {
      t = await startTestDesk(dialect, env);
      const db = t.desk.handle.db;
      if (!('WALLETDESK_SMTP_RELAY' in env)) t.relay.failNext(5, 550);
      const email = uniqueEmail();
      expect((await CustomerBrowser.of(t).signUp(email, CUSTOMER_PASSWORD)).status).toBe(201);
      await jobsSettled(db);
      const row = await db.selectFrom('account_mails').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'WALLETDESK_SMTP_RELAY' in env ? 'not_sent' : 'failed', text_sealed: null, raw_sealed: null, raw_blob_hash: null });
      expect(row.text).toContain('/account/verify?token=[redacted]');
      await t.stop();
      t = undefined;
    }
  });

  it('a mail an older desk queued with its link in clear is sealed at the next start and still sent with the live link', async () => {
    const database = await createTestDatabase(dialect);
    try {
      t = await startTestDesk(dialect, { WALLETDESK_SMTP_RELAY: '' }, { database });
      const account = await createAccountDirect(t.desk.handle.db, { verified: true });
      await t.stop();
      t = undefined;
      // Written as a desk before migration 014 did, while no desk runs.
      const { openDatabase } = await import('../platform/db/connect.ts');
      const handle = openDatabase(database.url);
      const live = 'http://desk.test/account/reset?token=legacy-live-token-0123456789';
      const { id } = await handle.db
        .insertInto('account_mails')
        .values({ account_id: account.id, kind: 'password_reset', to_address: account.email, locale: 'en', subject: 'Reset your password', text: `Open ${live}\n`, status: 'queued', error: null, external_id: null, raw_blob_hash: null, created_at: Date.now(), sent_at: null, text_sealed: null, raw_sealed: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await enqueueJob(handle.db, DELIVER_ACCOUNT_MAIL_JOB, { account_mail_id: id }, { runAt: Date.now() + 60_000 });
      await handle.close();

      t = await startTestDesk(dialect, {}, { database });
      const db = t.desk.handle.db;
      const sealed = await db.selectFrom('account_mails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(sealed).toMatchObject({ text: redactSecretLinks(`Open ${live}\n`), text_sealed: expect.stringMatching(/^v1:/) });
      await db.updateTable('jobs').set({ run_at: Date.now() }).where('kind', '=', DELIVER_ACCOUNT_MAIL_JOB).execute();
      expect((await waitForMail(t, account.email, /Reset your password/)).text).toContain(live);
      await jobsSettled(db);
      expect(await storedEverywhere(db, account.id)).not.toContain('legacy-live-token');
    } finally {
      await t?.stop();
      t = undefined;
      await database.drop();
    }
  });
});
