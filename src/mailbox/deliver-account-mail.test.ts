import PostalMime from 'postal-mime';
import { afterEach, describe, expect, it } from 'vitest';
import { queueAccountMail } from '../accounts/queue-account-mail.ts';
import { setAccountPhrase } from '../accounts/security/set-account-phrase.ts';
import { createAccountDirect } from '../accounts/testing/customer.ts';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

describe.each(testDialects())('delivering account mail (%s)', (dialect) => {
  let t: TestDesk | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  async function queue(desk: TestDesk, opts: { phrase?: string; locale?: 'zh-CN' | 'en' } = {}) {
    const db = desk.desk.handle.db;
    const account = await createAccountDirect(db, { verified: true, ...(opts.locale ? { locale: opts.locale } : {}) });
    if (opts.phrase) await setAccountPhrase(db, account.id, opts.phrase);
    const mailId = await queueAccountMail(db, { accountId: account.id, kind: 'password_changed', to: account.email, locale: opts.locale ?? 'en', subject: 'Your password was changed', text: 'Freeze: http://desk.test/account/freeze?token=abc' });
    const row = () => db.selectFrom('account_mails').selectAll().where('id', '=', mailId).executeTakeFirstOrThrow();
    return { account, mailId, row };
  }

  it('sends once with the phrase on top, from our address as an ordinary (not automatic) mail, and keeps only a redacted copy', async () => {
    t = await startTestDesk(dialect);
    const { account, row } = await queue(t, { phrase: '红色的山 42', locale: 'zh-CN' });
    const sent = await waitFor(async () => ((await row()).status === 'sent' ? row() : undefined), 10_000, 'account mail sent');
    const [captured, ...more] = t.relay.mails;
    expect(more).toHaveLength(0);
    expect(captured?.to).toEqual([account.email]);
    expect(captured?.from).toBe('support@walletdesk.local');
    expect(captured?.raw).not.toMatch(/^Auto-Submitted:/im);
    const parsed = await PostalMime.parse(captured?.raw ?? '');
    expect(parsed.subject).toBe('Your password was changed');
    expect(parsed.text?.startsWith('您的防钓鱼码：红色的山 42')).toBe(true);
    expect(parsed.text).toContain('/account/freeze?token=abc');
    expect(parsed.messageId).toBe(sent.external_id);
    expect(sent).toMatchObject({ error: null, sent_at: expect.any(Number) });
    // The live link went out; what stays behind is the text with its token redacted, and no bytes at all.
    expect(sent).toMatchObject({ text: expect.stringContaining('/account/freeze?token=[redacted]'), text_sealed: null, raw_sealed: null, raw_blob_hash: null });
  });

  it('retries while the relay refuses for now, resending the very same bytes', async () => {
    t = await startTestDesk(dialect);
    t.relay.failNext(2, 451);
    const { row } = await queue(t);
    const sent = await waitFor(async () => ((await row()).status === 'sent' ? row() : undefined), 15_000, 'sent after retries');
    expect(t.relay.mails).toHaveLength(1);
    expect(t.relay.mails[0]?.raw).toContain(sent.external_id as string);
    const jobs = await t.desk.handle.db.selectFrom('jobs').select('attempts').where('kind', '=', 'deliver-account-mail').execute();
    expect(jobs.map((j) => j.attempts)).toEqual([3]);
  });

  it('a permanent refusal marks the mail failed at once', async () => {
    t = await startTestDesk(dialect);
    t.relay.failNext(5, 550);
    const { row } = await queue(t);
    await jobsSettled(t.desk.handle.db);
    expect(await row()).toMatchObject({ status: 'failed', error: expect.stringContaining('550') });
    expect(t.relay.mails).toHaveLength(0);
  });

  it('without a relay the mail is composed and recorded as not sent', async () => {
    t = await startTestDesk(dialect, { WALLETDESK_SMTP_RELAY: '' });
    const { row } = await queue(t);
    await jobsSettled(t.desk.handle.db);
    expect(await row()).toMatchObject({ status: 'not_sent', external_id: expect.stringMatching(/^<wd\./), raw_sealed: null, text_sealed: null });
  });
});
