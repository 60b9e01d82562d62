import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

/**
 * A follow-up makes the desk judge the ticket again on the main thread (the evidence checklist over every message),
 * and the contact form reads its text there too. Fed text shaped to make backtracking patterns quadratic, neither
 * may hold the main thread: health checks keep answering while they are taken in.
 */
const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const PATHOLOGICAL = [fill('1', 200_000), fill('一二三', 200_000), fill('1,', 150_000), fill('1.', 150_000), `1${fill(' ', 100_000)}x`, fill('100 USDT ', 100_000), fill('> ', 100_000)].join('\n');
const HEALTH_BOUND_MS = 2_000;

describe.each(testDialects())('the main thread while pathological text is taken in (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_CONTACT_LIMIT: '50' });
  });
  afterAll(async () => t?.stop());

  /** Polls /healthz until `work` settles; the slowest answer it saw. */
  async function slowestHealthCheckDuring<T>(work: Promise<T>): Promise<{ result: T; slowestMs: number }> {
    let done = false;
    let slowestMs = 0;
    const settled = work.finally(() => {
      done = true;
    });
    const poll = (async () => {
      while (!done) {
        const started = performance.now();
        const res = await fetch(`http://127.0.0.1:${t.desk.httpPort}/healthz`);
        await res.arrayBuffer();
        slowestMs = Math.max(slowestMs, performance.now() - started);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const result = await settled;
    await poll;
    return { result, slowestMs };
  }

  const messagesOf = async (ticketId: number) => (await t.api(`/api/v1/tickets/${ticketId}`)).body.messages?.length ?? 0;

  it('answers health checks promptly while a pathological follow-up re-judges its ticket', async () => {
    await t.send({ from: 'li@customer.test', to: 'support@walletdesk.local', subject: '提现失败', messageId: '<patho-1@customer.test>', text: PATHOLOGICAL });
    const ticketId = await waitFor(async () => {
      const list = await t.api(`/api/v1/tickets?q=${encodeURIComponent('提现失败')}`);
      return list.body.items?.[0]?.id as number | undefined;
    }, 120_000, 'the first mail as a ticket');

    const followUp = (async () => {
      await t.send({
        from: 'li@customer.test',
        to: 'support@walletdesk.local',
        subject: 'Re: 提现失败',
        messageId: '<patho-2@customer.test>',
        inReplyTo: '<patho-1@customer.test>',
        references: ['<patho-1@customer.test>'],
        text: PATHOLOGICAL,
      });
      return waitFor(async () => ((await messagesOf(ticketId)) >= 2 ? true : undefined), 120_000, 'the follow-up on the ticket');
    })();
    const { slowestMs } = await slowestHealthCheckDuring(followUp);
    expect(slowestMs).toBeLessThan(HEALTH_BOUND_MS);
  }, 300_000);

  it('answers health checks promptly while the contact form takes pathological descriptions', async () => {
    // One after another, as one visitor would: each post's reading must be short, not just their sum.
    const descriptions = [fill('1', 20_000), fill('一二三', 20_000), fill('1,', 20_000), `1${fill(' ', 19_990)}x`, fill('十百千万', 20_000)];
    const posts = (async () => {
      const statuses: number[] = [];
      for (const [i, description] of descriptions.entries()) {
        const fd = new FormData();
        for (const [k, v] of Object.entries({ email: `visitor${i}@customer.test`, subject: 'Withdrawal failed', description })) fd.append(k, v);
        statuses.push((await t.api('/api/v1/help/contact', { method: 'POST', body: fd, anonymous: true })).status);
      }
      return statuses;
    })();
    const { result, slowestMs } = await slowestHealthCheckDuring(posts);
    expect(result).toEqual([201, 201, 201, 201, 201]);
    expect(slowestMs).toBeLessThan(HEALTH_BOUND_MS);
  }, 120_000);
});
