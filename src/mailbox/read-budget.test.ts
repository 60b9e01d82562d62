import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import type { RawEnvelope } from './read-inbound.ts';
import { readInboundOffThread } from './read-inbound-pool.ts';
import { createResolver } from './sender-auth/dns-resolver.ts';

const CRLF = '\r\n';
const DESK = 'support@walletdesk.local';
const envelope: RawEnvelope = { id: 1, source: 'smtp', remote_address: '127.0.0.1', helo: 'mx.customer.test', mail_from: 'li@customer.test' };

/**
 * A mail whose reading keeps a thread busy for seconds on any machine: megabytes of body to decode, repair and
 * read. What makes a mail slow does not matter to the budget; this is the one that needs no trick to build.
 */
function slowMail(megabytes: number, id = 'slow-1'): Buffer {
  const line = `${'1'.repeat(76)}${CRLF}`;
  const body = line.repeat(Math.floor((megabytes * 1024 * 1024) / line.length));
  return Buffer.from(`From: li@customer.test${CRLF}To: ${DESK}${CRLF}Subject: 提现失败${CRLF}Message-ID: <${id}@customer.test>${CRLF}Content-Type: text/plain${CRLF}${CRLF}${body}`);
}

function smallMail(n: number): Buffer {
  return Buffer.from(
    [`From: Li <li@customer.test>`, `To: ${DESK}`, `Subject: Withdrawal ${n} not received`, `Message-ID: <small-${n}@customer.test>`, '', `My 100 USDT withdrawal ${n} has not arrived.`, ''].join(CRLF),
  );
}

describe('the reading budget on the worker threads', () => {
  // A resolver that answers nothing quickly: the budget is about CPU, not DNS.
  const settings = { resolver: createResolver(['127.0.0.1:9'], { timeoutMs: 300 }), trustedAuthservIds: [] };

  it('quarantines a mail that keeps its thread busy past the budget, naming the budget, and reads the mails beside it', async () => {
    const [before, slow, after] = await Promise.all([
      readInboundOffThread(smallMail(1), envelope, settings),
      readInboundOffThread(slowMail(8), envelope, { ...settings, readBudgetMs: 150 }),
      readInboundOffThread(smallMail(2), envelope, settings),
    ]);
    expect(slow).toEqual({ kind: 'quarantine', reason: 'reading the message took longer than its 150 ms budget (WALLETDESK_READ_BUDGET_MS)' });
    expect(before).toMatchObject({ kind: 'message', message: { subject: 'Withdrawal 1 not received' } });
    expect(after).toMatchObject({ kind: 'message', message: { subject: 'Withdrawal 2 not received' } });
  }, 120_000);

  it('reads the next mail on the replacement thread', async () => {
    const next = await readInboundOffThread(smallMail(3), envelope, settings);
    expect(next).toMatchObject({ kind: 'message', message: { subject: 'Withdrawal 3 not received', analysis: { triage: { category: 'transaction' } } } });
  }, 60_000);
});

describe.each(testDialects())('a mail over the reading budget, end to end (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_READ_BUDGET_MS: '1000' });
  });
  afterAll(async () => t?.stop());

  async function sendRaw(raw: Buffer): Promise<number> {
    const info = await t.send({ envelope: { from: 'li@customer.test', to: [DESK] }, raw });
    expect(info.response).toMatch(/^250 /);
    return Number(/Stored as (\d+)/.exec(info.response)?.[1]);
  }
  const settled = (id: number) =>
    waitFor(async () => {
      const r = await t.desk.handle.db.selectFrom('inbound_raw').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return r.status !== 'pending' ? r : undefined;
    }, 90_000, `inbound ${id} settled`);

  it('is quarantined with the budget as its reason, the next mail becomes a ticket, and re-processing it does not stall', async () => {
    const slowId = await sendRaw(slowMail(16));
    const nextId = await sendRaw(smallMail(4));
    const slow = await settled(slowId);
    expect(slow).toMatchObject({ status: 'quarantined', quarantine_reason: 'reading the message took longer than its 1000 ms budget (WALLETDESK_READ_BUDGET_MS)' });
    const next = await settled(nextId);
    expect(next.status).toBe('processed');
    const tickets = await t.api(`/api/v1/tickets?q=${encodeURIComponent('Withdrawal 4')}`);
    expect(tickets.body.items).toHaveLength(1);

    // The mail is kept, and a second reading (a re-run, as after a restart) ends the same way, within the budget.
    const again = await t.api(`/api/v1/inbound/${slowId}/reprocess`, { method: 'POST', headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(again.status).toBeLessThan(300);
    const reread = await waitFor(async () => {
      const r = await t.desk.handle.db.selectFrom('inbound_raw').selectAll().where('id', '=', slowId).executeTakeFirstOrThrow();
      return r.status === 'quarantined' && Number(r.processed_at) > Number(slow.processed_at) ? r : undefined;
    }, 90_000, 'slow mail quarantined again');
    expect(reread.quarantine_reason).toMatch(/1000 ms budget/);
  }, 240_000);
});
