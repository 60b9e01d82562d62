import PostalMime, { type Email } from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDnsServer } from '../platform/testing/dns-server.ts';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { startForgeryDns } from './testing/forgery-dns.ts';
import { upsertContact } from '../tickets/contacts.ts';

// What an attacker wants the official address to say to their victim, right under the victim's phrase.
const PHISHING_SUBJECT = 'URGENT: your wallet is locked, unlock at https://evil.example/unlock';
const PHISHING_NAME = 'Click https://evil.example/now';
const PHISHING_TEXT = 'Your withdrawals are frozen. Verify your recovery phrase at https://evil.example/verify within 24 hours.';
const PHRASE = 'purple otter 77';
const OUTSIDER_WORDS = [/evil\.example/i, /URGENT/, /unlock/i, /recovery phrase at/i, /Click/];
// ASCII punctuation touching a Chinese character: Chinese text takes the full-width forms.
const ASCII_NEXT_TO_CHINESE = /[\u4e00-\u9fff][,:;?!()]|[,:;?!()][\u4e00-\u9fff]/;

function everything(mail: Email): string {
  return [mail.subject ?? '', mail.text ?? '', mail.html ?? ''].join('\n');
}

describe.each(testDialects())('what automatic mail may say, and when it carries the anti-phishing phrase (%s)', (dialect) => {
  let t: TestDesk;
  let dns: TestDnsServer;
  let n = 0;
  beforeAll(async () => {
    dns = await startForgeryDns();
    t = await startTestDesk(dialect, { WALLETDESK_DNS_SERVERS: dns.address, WALLETDESK_ACK_LIMIT_PER_HOUR: '100', WALLETDESK_CONTACT_LIMIT: '50' });
  });
  afterAll(async () => {
    await t?.stop();
    await dns?.stop();
  });

  async function victimWithPhrase(): Promise<string> {
    const address = `victim-${++n}@customer.test`;
    const id = await upsertContact(t.desk.handle.db, { address, name: null });
    await t.desk.handle.db.updateTable('contacts').set({ anti_phishing_phrase: PHRASE }).where('id', '=', id).execute();
    return address;
  }

  /** The mail the relay received for `to` about the ticket `reference`, parsed. */
  async function mailTo(to: string, reference: string, pick: (raw: string) => boolean = () => true): Promise<Email> {
    await jobsSettled(t.desk.handle.db);
    const mail = await waitFor(() => t.relay.mails.find((m) => m.to.includes(to) && m.raw.includes(`X-Walletdesk-Ticket: ${reference}`) && pick(m.raw)), 15_000, `mail to ${to}`);
    return PostalMime.parse(mail.raw);
  }

  async function ticketOfMessage(messageId: string): Promise<{ id: number; reference: string; messages: { kind: string; unverified_sender: boolean }[] }> {
    const ticketId = await waitFor(async () => (await t.desk.handle.db.selectFrom('messages').select('ticket_id').where('external_id', '=', messageId).executeTakeFirst())?.ticket_id, 15_000, messageId);
    await jobsSettled(t.desk.handle.db);
    return (await t.api(`/api/v1/tickets/${ticketId}`)).body;
  }

  /** A mail whose From is the victim, sent by someone else: SPF passes for attacker.test, DMARC fails for customer.test. */
  async function forgedMail(victim: string, extra: { subject?: string; text?: string } = {}) {
    const messageId = `<forged-${++n}@attacker.test>`;
    await t.send({
      envelope: { from: 'mallory@attacker.test', to: ['support@walletdesk.local'] },
      from: { name: PHISHING_NAME, address: victim },
      to: 'support@walletdesk.local',
      subject: extra.subject ?? PHISHING_SUBJECT,
      text: extra.text ?? PHISHING_TEXT,
      messageId,
    });
    return ticketOfMessage(messageId);
  }

  it('a forged From (DMARC fails, p=reject) gets an acknowledgement of our own words only, without the phrase', async () => {
    const victim = await victimWithPhrase();
    const ticket = await forgedMail(victim);
    expect(ticket.messages[0]?.unverified_sender).toBe(true);
    const ack = await mailTo(victim, ticket.reference);
    expect(ack.subject).toBe(`[${ticket.reference}] We received your message`);
    for (const word of OUTSIDER_WORDS) expect(everything(ack)).not.toMatch(word);
    expect(everything(ack)).not.toContain(PHRASE);
    expect(everything(ack)).not.toMatch(/anti-phishing phrase/i);
  });

  it('the contact form with a victim’s address gets a neutral acknowledgement that speaks of a request, not a mail', async () => {
    const victim = await victimWithPhrase();
    const fd = new FormData();
    for (const [k, v] of Object.entries({ email: victim, name: PHISHING_NAME, subject: PHISHING_SUBJECT, description: PHISHING_TEXT })) fd.append(k, v);
    const res = await t.api('/api/v1/help/contact', { method: 'POST', body: fd, anonymous: true });
    expect(res.status).toBe(201);
    const ack = await mailTo(victim, res.body.reference);
    expect(ack.subject).toBe(`[${res.body.reference}] We received your request`);
    expect(ack.text).toMatch(/received your request/);
    expect(ack.text).not.toMatch(/received your message/);
    for (const word of OUTSIDER_WORDS) expect(everything(ack)).not.toMatch(word);
    expect(everything(ack)).not.toContain(PHRASE);
  });

  it('the contact form in Chinese: 请求, not 邮件, with full-width punctuation', async () => {
    const victim = await victimWithPhrase();
    const fd = new FormData();
    for (const [k, v] of Object.entries({ email: victim, subject: '紧急：您的钱包已锁定', description: '提现失败了，请尽快处理', locale: 'zh-CN' })) fd.append(k, v);
    const res = await t.api('/api/v1/help/contact', { method: 'POST', body: fd, anonymous: true });
    expect(res.status).toBe(201);
    const ack = await mailTo(victim, res.body.reference);
    expect(ack.subject).toBe(`[${res.body.reference}] 我们已收到您的请求`);
    expect(ack.text).toContain('我们已收到您在网站上提交的请求');
    expect(ack.text).not.toMatch(/收到您的(邮件|来信)/);
    expect(ack.text).not.toContain('紧急');
    expect(`${ack.subject}\n${ack.text}`).not.toMatch(ASCII_NEXT_TO_CHINESE);
  });

  it('a proven sender’s own subject is echoed back to them, and that automatic mail carries no phrase', async () => {
    const sender = await victimWithPhrase();
    const messageId = `<proven-${++n}@customer.test>`;
    await t.send({ envelope: { from: sender, to: ['support@walletdesk.local'] }, from: sender, to: 'support@walletdesk.local', subject: '提现失败', text: '我昨天提现 100 USDT 失败了', messageId });
    const ticket = await ticketOfMessage(messageId);
    expect(ticket.messages[0]?.unverified_sender).toBe(false);
    const ack = await mailTo(sender, ticket.reference);
    expect(ack.subject).toBe(`[${ticket.reference}] 我们已收到您的邮件：提现失败`);
    expect(ack.text).toContain('我们已收到您的来信');
    expect(`${ack.subject}\n${ack.text}`).not.toMatch(ASCII_NEXT_TO_CHINESE);
    expect(everything(ack)).not.toContain(PHRASE);
  });

  it('an agent’s reply carries the phrase, and then nothing of the ticket’s outsider-written subject', async () => {
    const victim = await victimWithPhrase();
    const ticket = await forgedMail(victim);
    const reply = await t.api(`/api/v1/tickets/${ticket.id}/replies`, { method: 'POST', json: { text: 'We could not find a request from you; please ignore it if it was not you.' } });
    expect(reply.status).toBe(201);
    const mail = await mailTo(victim, ticket.reference, (raw) => !/^Auto-Submitted:/m.test(raw));
    expect(mail.text?.split('\n')[0]).toBe(`Your anti-phishing phrase: ${PHRASE}`);
    expect(mail.subject).toContain(ticket.reference);
    for (const word of OUTSIDER_WORDS) expect(everything(mail)).not.toMatch(word);
  });

  it('a forged display name does not become the customer’s name in an agent’s macro', async () => {
    const victim = await victimWithPhrase();
    const ticket = await forgedMail(victim, { subject: 'hello', text: 'hello' });
    const macro = await t.api('/api/v1/macros', { method: 'POST', headers: { authorization: `Bearer ${t.adminToken}` }, json: { name: `greeting ${n}`, body_en: 'Dear {{customer_name}}, thank you.', body_zh: '' } });
    expect(macro.status).toBe(201);
    const rendered = await t.api(`/api/v1/macros/${macro.body.id}/render`, { method: 'POST', json: { ticket_id: ticket.id } });
    expect(rendered.status).toBe(200);
    expect(rendered.body.text).not.toMatch(/evil\.example|Click/);
  });
});
