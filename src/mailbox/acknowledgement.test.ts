import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

describe.each(testDialects())('acknowledgements and loop protection (%s)', (dialect) => {
  let t: TestDesk;
  let n = 0;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_ACK_LIMIT_PER_HOUR: '2' });
  });
  afterAll(async () => t?.stop());

  /** Sends a raw message and returns what the relay received addressed to `to` once all jobs have run. */
  async function sendRaw(headers: string[], body = 'Hello, I need help with my account.', envelopeFrom = 'someone@customer.test') {
    const id = `<loop-${++n}@customer.test>`;
    const raw = [...headers, `Message-ID: ${id}`, 'To: support@walletdesk.local', `Subject: Help ${n}`, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');
    await t.send({ envelope: { from: envelopeFrom, to: ['support@walletdesk.local'] }, raw });
    await waitFor(async () => (await t.desk.handle.db.selectFrom('messages').select('id').where('external_id', '=', id).executeTakeFirst()) !== undefined, 15_000, id);
    await jobsSettled(t.desk.handle.db);
    return t.relay.mails.filter((m) => m.raw.includes(`In-Reply-To: ${id}`));
  }

  const robots: [string, string[], string?][] = [
    ['Auto-Submitted: auto-replied', ['From: a1@customer.test', 'Auto-Submitted: auto-replied']],
    ['Auto-Submitted: auto-generated', ['From: a2@customer.test', 'Auto-Submitted: Auto-Generated; owner-email="x@y"']],
    ['Precedence: bulk', ['From: a3@customer.test', 'Precedence: bulk']],
    ['Precedence: list', ['From: a4@customer.test', 'Precedence: list']],
    ['Precedence: junk', ['From: a5@customer.test', 'Precedence: junk']],
    ['List-Id', ['From: a6@customer.test', 'List-Id: <news.customer.test>']],
    ['MAILER-DAEMON', ['From: MAILER-DAEMON@mx.customer.test']],
    ['postmaster', ['From: postmaster@customer.test']],
    ['no-reply', ['From: no-reply@customer.test']],
    ['noreply', ['From: noreply@customer.test']],
    ['empty return path', ['From: a7@customer.test'], ''],
    ['X-Auto-Response-Suppress', ['From: a8@customer.test', 'X-Auto-Response-Suppress: OOF, AutoReply']],
  ];

  it.each(robots)('no acknowledgement for %s, but the mail is kept as a ticket', async (_name, headers, envelopeFrom) => {
    const replies = await sendRaw(headers, 'Hello, I need help with my account.', envelopeFrom ?? 'robot@customer.test');
    expect(replies).toHaveLength(0);
    const total = (await t.api('/api/v1/tickets')).body.total;
    expect(total).toBeGreaterThanOrEqual(1);
  });

  it('Auto-Submitted: no is a person: acknowledged', async () => {
    const replies = await sendRaw(['From: person@customer.test', 'Auto-Submitted: no']);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.raw).toMatch(/^Auto-Submitted: auto-replied/m);
  });

  it('a Chinese mail is acknowledged in Chinese, with the reference in the subject and the reply time', async () => {
    const replies = await sendRaw(['From: zhang@customer.test'], '您好,我的账户被盗了,昨天晚上有一笔未经授权的提现。请尽快帮我冻结账户。谢谢!');
    expect(replies).toHaveLength(1);
    const raw = replies[0]?.raw ?? '';
    const { default: PostalMime } = await import('postal-mime');
    const parsed = await PostalMime.parse(raw);
    expect(parsed.subject).toMatch(/^\[WD-\d+\] 我们已收到您的邮件/);
    expect(parsed.text).toContain('24 小时内');
  });

  it('at most the configured number of acknowledgements per sender per hour', async () => {
    const counts = [];
    for (let i = 0; i < 4; i++) counts.push((await sendRaw(['From: chatty@customer.test'])).length);
    expect(counts).toEqual([1, 1, 0, 0]);
    const tickets = await t.desk.handle.db
      .selectFrom('tickets')
      .innerJoin('contacts', 'contacts.id', 'tickets.requester_id')
      .select('tickets.id')
      .where('contacts.email', '=', 'chatty@customer.test')
      .execute();
    expect(tickets).toHaveLength(4);
  });
});
