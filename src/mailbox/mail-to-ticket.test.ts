import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

describe.each(testDialects())('mail to ticket to reply (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect);
  });
  afterAll(async () => t?.stop());

  it('a mail to the support address becomes a ticket and is acknowledged, threaded and in English', async () => {
    const info = await t.send({
      from: '"Alice Customer" <alice@example.com>',
      to: 'support@walletdesk.local',
      subject: 'Withdrawal failed',
      text: 'My withdrawal of 0.5 BTC failed yesterday at 10:00. Please help.',
      messageId: '<alice-1@example.com>',
    });
    expect(info.response).toMatch(/^250 /);
    const list = await waitFor(async () => {
      const r = await t.api('/api/v1/tickets?q=withdrawal');
      return r.body.total === 1 ? r.body : undefined;
    }, 15_000, 'ticket');
    const summary = list.items[0];
    expect(summary.reference).toMatch(/^WD-\d{4,}$/);
    expect(summary.status).toBe('new');
    expect(summary.requester).toMatchObject({ address: 'alice@example.com', name: 'Alice Customer' });

    const ack = await waitFor(() => t.relay.mails.find((m) => m.raw.includes(summary.reference)), 15_000, 'acknowledgement');
    expect(ack.to).toEqual(['alice@example.com']);
    expect(ack.from).toBe('');
    expect(ack.raw).toMatch(/^In-Reply-To: <alice-1@example.com>/m);
    expect(ack.raw).toMatch(/^Auto-Submitted: auto-replied/m);
    expect(ack.raw).toMatch(/24 hours/);
  });

  it('an agent reply goes out threaded with Message-ID, In-Reply-To, References and Reply-To', async () => {
    const list = (await t.api('/api/v1/tickets')).body;
    const id = list.items[0].id;
    const r = await t.api(`/api/v1/tickets/${id}/replies`, { method: 'POST', json: { text: 'We are looking into it.', html: '<p>We are <b>looking</b> into it.<script>alert(1)</script></p>' } });
    expect(r.status).toBe(201);
    expect(r.body.direction).toBe('outbound');
    expect(r.body.html).not.toContain('script');
    const sent = await waitFor(() => t.relay.mails.find((m) => m.raw.includes('looking')), 15_000, 'reply');
    expect(sent.from).toBe('support@walletdesk.local');
    expect(sent.raw).toMatch(/^Message-ID: <wd\.[^>]+@walletdesk\.local>/m);
    expect(sent.raw).toMatch(/^In-Reply-To: <alice-1@example.com>/m);
    expect(sent.raw).toMatch(/^References: <alice-1@example.com>\s+<wd\.[^>]+>/m);
    expect(sent.raw).toMatch(/^Reply-To: support@walletdesk.local/m);
    expect(sent.raw).toMatch(/multipart\/alternative/);
    const ticket = (await t.api(`/api/v1/tickets/${id}`)).body;
    expect(ticket.status).toBe('pending');
    expect(ticket.messages.map((m: { kind: string }) => m.kind)).toEqual(['customer', 'acknowledgement', 'reply']);
    await waitFor(async () => (await t.api(`/api/v1/tickets/${id}`)).body.messages[2].delivery_status === 'sent', 15_000, 'sent status');
  });
});
