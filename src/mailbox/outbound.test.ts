import { afterEach, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

describe.each(testDialects())('outbound delivery (%s)', (dialect) => {
  let t: TestDesk | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  async function ticketFrom(desk: TestDesk, from: string): Promise<number> {
    await desk.send({ from, to: 'support@walletdesk.local', subject: 'Where is my deposit?', text: 'Deposit of 100 USDT not credited.', messageId: `<${from}-1>` });
    return waitFor(async () => (await desk.api('/api/v1/tickets')).body.items[0]?.id, 15_000, 'ticket');
  }

  it('retries with backoff while the relay refuses temporarily, then sends once; the log shows the attempts', async () => {
    t = await startTestDesk(dialect);
    const id = await ticketFrom(t, 'retry@customer.test');
    await jobsSettled(t.desk.handle.db);
    t.relay.failNext(2, 451);
    const reply = await t.api(`/api/v1/tickets/${id}/replies`, { method: 'POST', json: { text: 'Found it, credited now.' } });
    expect(reply.status).toBe(201);
    const logged = await waitFor(async () => {
      const items = (await t!.api('/api/v1/outbound')).body.items as { id: number; status: string; attempts: number; raw: string | null }[];
      const mine = items.find((m) => m.id === reply.body.id);
      return mine?.status === 'sent' ? mine : undefined;
    }, 20_000, 'sent after retries');
    expect(logged.attempts).toBe(3);
    const copies = t.relay.mails.filter((m) => m.raw.includes('credited now'));
    expect(copies).toHaveLength(1);
    // The retry resends the very bytes composed first, so the log's raw is what the customer got.
    expect(copies[0]?.raw.trim()).toBe(logged.raw?.trim());
  });

  it('a permanent refusal (5xx) marks the message failed without further tries', async () => {
    t = await startTestDesk(dialect);
    const id = await ticketFrom(t, 'perm@customer.test');
    await jobsSettled(t.desk.handle.db);
    t.relay.failNext(5, 550);
    const reply = await t.api(`/api/v1/tickets/${id}/replies`, { method: 'POST', json: { text: 'This will bounce.' } });
    await jobsSettled(t.desk.handle.db);
    const item = (await t.api('/api/v1/outbound')).body.items.find((m: { id: number }) => m.id === reply.body.id);
    expect(item.status).toBe('failed');
    expect(item.attempts).toBe(1);
    expect(item.error).toMatch(/550/);
  });

  it('gives up after the configured attempts and records the failure', async () => {
    t = await startTestDesk(dialect, { WALLETDESK_JOB_ATTEMPTS: '2' });
    const id = await ticketFrom(t, 'giveup@customer.test');
    await jobsSettled(t.desk.handle.db);
    t.relay.failNext(10, 421);
    const reply = await t.api(`/api/v1/tickets/${id}/replies`, { method: 'POST', json: { text: 'Never arrives.' } });
    await jobsSettled(t.desk.handle.db);
    const item = (await t.api('/api/v1/outbound')).body.items.find((m: { id: number }) => m.id === reply.body.id);
    expect(item).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('with no relay configured, outbound mail is recorded with its raw source as not sent', async () => {
    t = await startTestDesk(dialect, { WALLETDESK_SMTP_RELAY: '' });
    const id = await ticketFrom(t, 'norelay@customer.test');
    await t.api(`/api/v1/tickets/${id}/replies`, { method: 'POST', json: { text: 'Stored only.' } });
    await jobsSettled(t.desk.handle.db);
    const items = (await t.api('/api/v1/outbound')).body.items as { kind: string; status: string; raw: string }[];
    expect(items.map((m) => [m.kind, m.status])).toEqual([['reply', 'not_sent'], ['acknowledgement', 'not_sent']]);
    expect(items[0]?.raw).toMatch(/Stored only\./);
    expect(t.relay.mails).toHaveLength(0);
  });
});
