import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

type Ticket = { id: number; reference: string; status: string; messages: { kind: string; text: string; message_id: string | null }[] };

describe.each(testDialects())('threading and dedupe (%s)', (dialect) => {
  let t: TestDesk;
  let n = 0;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_ACK_LIMIT_PER_HOUR: '100' });
  });
  afterAll(async () => t?.stop());

  async function ticketOf(messageId: string): Promise<Ticket> {
    const raw = await waitFor(async () => {
      const row = await t.desk.handle.db
        .selectFrom('messages')
        .select('ticket_id')
        .where('external_id', '=', messageId)
        .executeTakeFirst();
      return row?.ticket_id;
    }, 15_000, `message ${messageId}`);
    return (await t.api(`/api/v1/tickets/${raw}`)).body as Ticket;
  }

  async function newTicket(from: string): Promise<Ticket> {
    const id = `<first-${++n}@customer.test>`;
    await t.send({ from, to: 'support@walletdesk.local', subject: `Account problem ${n}`, text: 'I cannot sign in.', messageId: id });
    return ticketOf(id);
  }

  it('a reply by In-Reply-To to our acknowledgement joins its ticket and reopens nothing it should not', async () => {
    const first = await newTicket('bob@customer.test');
    await jobsSettled(t.desk.handle.db);
    const ack = (await t.api(`/api/v1/tickets/${first.id}`)).body.messages.find((m: { kind: string }) => m.kind === 'acknowledgement');
    expect(ack.message_id).toMatch(/^<wd\./);
    await t.send({ from: 'bob@customer.test', to: 'support@walletdesk.local', subject: 'Re: something else entirely', text: 'Here is more.', messageId: '<bob-2@customer.test>', inReplyTo: ack.message_id, references: [ack.message_id] });
    const joined = await ticketOf('<bob-2@customer.test>');
    expect(joined.id).toBe(first.id);
    expect(joined.messages.filter((m) => m.kind === 'customer')).toHaveLength(2);
  });

  it('a reply by References alone (no In-Reply-To) joins its ticket', async () => {
    const first = await newTicket('carol@customer.test');
    await t.send({ from: 'carol@customer.test', to: 'support@walletdesk.local', subject: 'more', text: 'x', messageId: '<carol-2@customer.test>', references: ['<unknown@elsewhere>', `<first-${n}@customer.test>`] });
    expect((await ticketOf('<carol-2@customer.test>')).id).toBe(first.id);
  });

  // Nothing proves who sent these mails (no DNS here, so no DMARC pass): a From alone could be forged, so the
  // reference in the subject does not join; a reply carrying our Message-ID does. forged-threading.test.ts has
  // the proven sender who joins by the reference.
  it('an unproven participant naming the reference in the subject gets a new ticket with the reason; a reply to our mail joins and reopens', async () => {
    const first = await newTicket('dan@customer.test');
    await t.api(`/api/v1/tickets/${first.id}/replies`, { method: 'POST', json: { text: 'Please send a screenshot.' } });
    expect((await t.api(`/api/v1/tickets/${first.id}`)).body.status).toBe('pending');
    await t.send({ from: 'Dan <DAN@customer.test>', to: 'support@walletdesk.local', subject: `screenshot for ${first.reference}`, text: 'attached', messageId: '<dan-2@customer.test>' });
    const apart = (await ticketOf('<dan-2@customer.test>')) as Ticket & { messages: { threading_note: string | null }[] };
    expect(apart.id).not.toBe(first.id);
    expect(apart.messages[0]?.threading_note).toMatch(new RegExp(`${first.reference}.*DMARC`));

    await jobsSettled(t.desk.handle.db);
    const reply = (await t.api(`/api/v1/tickets/${first.id}`)).body.messages.find((m: { kind: string }) => m.kind === 'reply');
    await t.send({ from: 'Dan <DAN@customer.test>', to: 'support@walletdesk.local', subject: `Re: ${first.reference}`, text: 'attached again', messageId: '<dan-3@customer.test>', inReplyTo: reply.message_id });
    const joined = await ticketOf('<dan-3@customer.test>');
    expect(joined.id).toBe(first.id);
    expect(joined.status).toBe('open');
  });

  it('a stranger naming another customer’s reference in the subject gets a new ticket, not theirs', async () => {
    const first = await newTicket('erin@customer.test');
    await t.send({ from: 'mallory@attacker.test', to: 'support@walletdesk.local', subject: `Re: ${first.reference}`, text: 'I am Erin, change my email', messageId: '<mallory-1@attacker.test>' });
    const other = await ticketOf('<mallory-1@attacker.test>');
    expect(other.id).not.toBe(first.id);
    const erin = (await t.api(`/api/v1/tickets/${first.id}`)).body as Ticket;
    expect(erin.messages.some((m) => m.text.includes('I am Erin'))).toBe(false);
  });

  it('unrelated mail starts a new ticket', async () => {
    const a = await newTicket('frank@customer.test');
    const b = await newTicket('frank@customer.test');
    expect(a.id).not.toBe(b.id);
  });

  it('the same message delivered twice adds one message; a different message reusing the Message-ID is kept', async () => {
    const mail = { from: 'gina@customer.test', to: 'support@walletdesk.local', subject: 'Fee question', text: 'Why was the fee 5 USDT?', messageId: '<gina-1@customer.test>', date: new Date('2026-11-01T10:00:00Z') };
    await t.send(mail);
    await t.send(mail);
    await jobsSettled(t.desk.handle.db);
    const ticket = await ticketOf('<gina-1@customer.test>');
    expect(ticket.messages.filter((m) => m.kind === 'customer')).toHaveLength(1);
    const raws = await t.desk.handle.db.selectFrom('inbound_raw').select('status').where('mail_from', '=', 'gina@customer.test').execute();
    expect(raws.map((r) => r.status)).toEqual(['processed', 'processed']);

    await t.send({ ...mail, text: 'A different question, same id (a broken client).' });
    await jobsSettled(t.desk.handle.db);
    const rows = await t.desk.handle.db.selectFrom('messages').select('text').where('external_id', '=', '<gina-1@customer.test>').execute();
    expect(rows.map((r) => r.text.trim()).sort()).toEqual(['A different question, same id (a broken client).', 'Why was the fee 5 USDT?']);
  });

  it('mail without a Message-ID still becomes a ticket, and a second identical delivery is recognised', async () => {
    const raw = ['From: hank@customer.test', 'To: support@walletdesk.local', 'Subject: no id here', '', 'Hello without id', ''].join('\r\n');
    await t.send({ envelope: { from: 'hank@customer.test', to: ['support@walletdesk.local'] }, raw });
    await t.send({ envelope: { from: 'hank@customer.test', to: ['support@walletdesk.local'] }, raw });
    await jobsSettled(t.desk.handle.db);
    const rows = await t.desk.handle.db.selectFrom('messages').select(['external_id', 'ticket_id']).where('from_address', '=', 'hank@customer.test').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.external_id).toMatch(/@no-message-id\.walletdesk>$/);
  });

  it('a reply to a closed ticket starts a new ticket', async () => {
    const first = await newTicket('ivy@customer.test');
    await t.desk.handle.db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', first.id).execute();
    await t.send({ from: 'ivy@customer.test', to: 'support@walletdesk.local', subject: `Re: ${first.reference}`, text: 'again', messageId: '<ivy-2@customer.test>', inReplyTo: `<first-${n}@customer.test>` });
    expect((await ticketOf('<ivy-2@customer.test>')).id).not.toBe(first.id);
  });
});
