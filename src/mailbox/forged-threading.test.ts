import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDnsServer } from '../platform/testing/dns-server.ts';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { startForgeryDns } from './testing/forgery-dns.ts';
import { signStatusToken } from '../tickets/status-link.ts';

type Message = { kind: string; text: string; message_id: string | null; unverified_sender: boolean; threading_note: string | null };
type Ticket = { id: number; reference: string; requester: { id: number }; messages: Message[] };

const SECRET = 'forged-threading-status-secret-0123456789';

describe.each(testDialects())('nobody writes into another customer’s ticket by forging the From (%s)', (dialect) => {
  let t: TestDesk;
  let dns: TestDnsServer;
  let n = 0;
  beforeAll(async () => {
    dns = await startForgeryDns();
    t = await startTestDesk(dialect, { WALLETDESK_DNS_SERVERS: dns.address, WALLETDESK_ACK_LIMIT_PER_HOUR: '100', WALLETDESK_SECRET: SECRET });
  });
  afterAll(async () => {
    await t?.stop();
    await dns?.stop();
  });

  async function ticketOf(messageId: string): Promise<Ticket> {
    const ticketId = await waitFor(async () => (await t.desk.handle.db.selectFrom('messages').select('ticket_id').where('external_id', '=', messageId).executeTakeFirst())?.ticket_id, 15_000, messageId);
    await jobsSettled(t.desk.handle.db);
    return (await t.api(`/api/v1/tickets/${ticketId}`)).body as Ticket;
  }

  /** A genuine mail of `from` (a customer.test address): DMARC passes. */
  async function genuine(from: string, mail: { subject: string; inReplyTo?: string; references?: string[] }) {
    const messageId = `<genuine-${++n}@customer.test>`;
    await t.send({ envelope: { from, to: ['support@walletdesk.local'] }, from, to: 'support@walletdesk.local', text: `genuine ${n}`, messageId, ...mail });
    return { messageId, ticket: await ticketOf(messageId) };
  }

  /** A mail with `from` in its From header, sent by mallory@attacker.test: DMARC fails for a customer.test From. */
  async function forged(from: string, mail: { subject: string; inReplyTo?: string; references?: string[] }) {
    const messageId = `<forged-${++n}@attacker.test>`;
    await t.send({ envelope: { from: 'mallory@attacker.test', to: ['support@walletdesk.local'] }, from, to: 'support@walletdesk.local', text: 'Change my payout address to the one below.', messageId, ...mail });
    return { messageId, ticket: await ticketOf(messageId) };
  }

  async function acknowledgementId(ticketId: number): Promise<string> {
    await jobsSettled(t.desk.handle.db);
    const ticket = (await t.api(`/api/v1/tickets/${ticketId}`)).body as Ticket;
    return ticket.messages.find((m) => m.kind === 'acknowledgement')?.message_id as string;
  }

  it('a forged From with the victim’s reference in the subject opens its own ticket, with the reason for the agent', async () => {
    const victim = `victim-${++n}@customer.test`;
    const first = await genuine(victim, { subject: 'Withdrawal missing' });
    const attack = await forged(victim, { subject: `Re: [${first.ticket.reference}] Withdrawal missing` });
    expect(attack.ticket.id).not.toBe(first.ticket.id);
    const note = attack.ticket.messages[0]?.threading_note ?? '';
    expect(note).toContain(first.ticket.reference);
    expect(note).toMatch(/DMARC/);
    const victimTicket = (await t.api(`/api/v1/tickets/${first.ticket.id}`)).body as Ticket;
    expect(victimTicket.messages.filter((m) => m.kind === 'customer')).toHaveLength(1);
    // Nor does the attacker's text appear on the victim's status page as theirs.
    const token = signStatusToken(SECRET, { ticketId: first.ticket.id, contactId: victimTicket.requester.id });
    const page = await t.api(`/api/v1/help/status/${token}`, { anonymous: true });
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).not.toContain('payout address');
  });

  it('the same customer, proven by DMARC, still joins by the reference in the subject; the note stays empty', async () => {
    const customer = `proven-${++n}@customer.test`;
    const first = await genuine(customer, { subject: 'Deposit missing' });
    const again = await genuine(customer, { subject: `screenshot for ${first.ticket.reference}` });
    expect(again.ticket.id).toBe(first.ticket.id);
    expect(again.ticket.messages.every((m) => m.threading_note === null)).toBe(true);
  });

  it('a stranger holding the Message-ID of our mail to the victim does not join by References', async () => {
    const victim = `victim-${++n}@customer.test`;
    const first = await genuine(victim, { subject: 'Account locked' });
    const ours = await acknowledgementId(first.ticket.id);
    expect(ours).toMatch(/^<wd\.[0-9a-f]{40}@/);
    const stranger = `someone-${n}@elsewhere.test`;
    const attack = await forged(stranger, { subject: 'Re: Account locked', inReplyTo: ours, references: [ours] });
    expect(attack.ticket.id).not.toBe(first.ticket.id);
    expect(attack.ticket.messages[0]?.threading_note).toContain(first.ticket.reference);
  });

  it('a forged From with the victim’s own earlier Message-ID (not ours) does not join when DMARC fails', async () => {
    const victim = `victim-${++n}@customer.test`;
    const first = await genuine(victim, { subject: 'Two-factor reset' });
    const attack = await forged(victim, { subject: 'Re: Two-factor reset', inReplyTo: first.messageId, references: [first.messageId] });
    expect(attack.ticket.id).not.toBe(first.ticket.id);
    expect(attack.ticket.messages[0]?.threading_note).toMatch(/DMARC failed/);
  });

  it('the customer’s reply to our acknowledgement joins, proven or not (our id is 160 random bits only our mail carries)', async () => {
    const customer = `replier-${++n}@customer.test`;
    const first = await genuine(customer, { subject: 'Fee question' });
    const ours = await acknowledgementId(first.ticket.id);
    const proven = await genuine(customer, { subject: 'Re: whatever', inReplyTo: ours, references: [first.messageId, ours] });
    expect(proven.ticket.id).toBe(first.ticket.id);
    // Sent through a forwarder that breaks DMARC, the reply still carries our id and comes from the requester.
    const forwarded = await forged(customer, { subject: 'Re: whatever', inReplyTo: ours, references: [ours] });
    expect(forwarded.ticket.id).toBe(first.ticket.id);
  });
});
