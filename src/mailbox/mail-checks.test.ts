import { generateKeyPairSync } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from '../platform/testing/dns-server.ts';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { setAntiPhishingPhrase } from '../tickets/anti-phishing-phrase.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dkimRecord = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

async function signed(mail: Mail.Options): Promise<string> {
  const raw = await new MailComposer(mail).compile().build();
  const options = { canonicalization: 'relaxed/relaxed', signatureData: [{ signingDomain: 'customer.test', selector: 's1', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string }] };
  const { signatures } = await dkimSign(raw, options as never);
  return Buffer.concat([Buffer.from(signatures), raw]).toString('utf8');
}

type Message = { text: string; auth: Record<string, string> | null; unverified_sender: boolean; automated: boolean; evidence_missing: string[]; chain_refs: { kind: string; chain: string; value: string }[]; attachments: { id: number; filename: string; quarantined: boolean; quarantine_reason: string | null; detected_type: string | null }[] };

describe.each(testDialects())('mail checks end to end (%s)', (dialect) => {
  let t: TestDesk;
  let dns: TestDnsServer;
  beforeAll(async () => {
    dns = await startDnsServer({
      'customer.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
      's1._domainkey.customer.test': { TXT: [dkimRecord] },
      '_dmarc.customer.test': { TXT: ['v=DMARC1; p=reject'] },
      'bank.test': { TXT: ['v=spf1 ip4:198.51.100.5 -all'] },
      '_dmarc.bank.test': { TXT: ['v=DMARC1; p=reject'] },
    });
    t = await startTestDesk(dialect, { WALLETDESK_DNS_SERVERS: dns.address, WALLETDESK_ACK_LIMIT_PER_HOUR: '100' });
  });
  afterAll(async () => {
    await t?.stop();
    await dns?.stop();
  });

  async function messageOf(messageId: string): Promise<{ ticket: { id: number; status: string; category: string; priority: string }; message: Message }> {
    const ticketId = await waitFor(async () => (await t.desk.handle.db.selectFrom('messages').select('ticket_id').where('external_id', '=', messageId).executeTakeFirst())?.ticket_id, 15_000, messageId);
    await jobsSettled(t.desk.handle.db);
    const ticket = (await t.api(`/api/v1/tickets/${ticketId}`)).body;
    return { ticket, message: ticket.messages.find((m: { message_id: string }) => m.message_id === messageId) };
  }

  it('records SPF, DKIM and DMARC of a signed mail from an authorised IP: a verified sender', async () => {
    const raw = await signed({ from: 'li@customer.test', to: 'support@walletdesk.local', subject: 'hello', text: 'signed mail', messageId: '<signed-1@customer.test>' });
    await t.send({ envelope: { from: 'li@customer.test', to: ['support@walletdesk.local'] }, raw });
    const { message } = await messageOf('<signed-1@customer.test>');
    expect(message.auth).toEqual({ spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: 'none' });
    expect(message.unverified_sender).toBe(false);
  });

  it('a forged From of a domain with p=reject is an unverified sender', async () => {
    await t.send({ from: 'security@bank.test', to: 'support@walletdesk.local', subject: 'please change my email', text: 'I am the bank', messageId: '<forged-1@bank.test>' });
    const { message } = await messageOf('<forged-1@bank.test>');
    expect(message.auth).toMatchObject({ spf: 'fail', dmarc: 'fail' });
    expect(message.unverified_sender).toBe(true);
  });

  it('triages a Chinese stolen-account mail as security / urgent and finds the hash it mentions', async () => {
    const hash = '0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060';
    await t.send({ from: 'zhao@customer.test', to: 'support@walletdesk.local', subject: '账户被盗,资产被转走', text: `我的账户被盗了,昨晚有人转走了 500 USDT,交易哈希${hash}请帮忙冻结`, messageId: '<stolen-1@customer.test>' });
    const { ticket, message } = await messageOf('<stolen-1@customer.test>');
    expect(ticket).toMatchObject({ category: 'security', priority: 'urgent' });
    expect(message.chain_refs).toEqual([{ kind: 'tx', chain: 'evm', value: hash }]);
    const found = (await t.api(`/api/v1/tickets?q=${hash.toUpperCase().replace('0X', '0x')}`)).body;
    expect(found.items.map((i: { id: number }) => i.id)).toEqual([ticket.id]);
  });

  it('quarantines an executable posing as a photo; agents get 403 with the reason, an admin may override', async () => {
    // A minimal PE image: the DOS header's e_lfanew (offset 0x3c) points at the "PE\0\0" signature.
    const exe = Buffer.alloc(512, 0);
    exe.write('MZ', 0, 'latin1');
    exe.writeUInt32LE(0x80, 0x3c);
    exe.write('PE\0\0', 0x80, 'latin1');
    await t.send({ from: 'qin@customer.test', to: 'support@walletdesk.local', subject: 'screenshot', text: 'see attached', messageId: '<exe-1@customer.test>', attachments: [{ filename: 'photo.jpg', content: exe, contentType: 'image/jpeg' }, { filename: 'records.csv', content: 'time,amount\n2026-11-01,100 USDT\n', contentType: 'text/csv' }] });
    const { ticket, message } = await messageOf('<exe-1@customer.test>');
    const [photo, csv] = message.attachments;
    expect(photo).toMatchObject({ filename: 'photo.jpg', quarantined: true });
    expect(photo?.quarantine_reason).toMatch(/executable/i);
    expect(csv).toMatchObject({ filename: 'records.csv', quarantined: false });
    const url = `/api/v1/tickets/${ticket.id}/attachments/${photo?.id}`;
    const asAgent = await t.api(`${url}?override=true`);
    expect(asAgent.status).toBe(403);
    expect(asAgent.body.message).toMatch(/quarantined: .*executable/i);
    const asAdmin = await t.api(url, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(asAdmin.status).toBe(403);
    const released = await fetch(`http://127.0.0.1:${t.desk.httpPort}${url}?override=true`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(released.status).toBe(200);
    expect(Buffer.from(await released.arrayBuffer()).equals(exe)).toBe(true);
    expect((await t.api(`/api/v1/tickets/${ticket.id}/attachments/${csv?.id}`)).status).toBe(200);
  });

  it('a delivery report marks the reply it concerns failed (or delayed) and opens no ticket', async () => {
    const { ticket } = await messageOf((await t.send({ from: 'bounce-me@customer.test', to: 'support@walletdesk.local', subject: 'fee', text: 'why', messageId: '<dsn-src@customer.test>' }), '<dsn-src@customer.test>'));
    const reply = (await t.api(`/api/v1/tickets/${ticket.id}/replies`, { method: 'POST', json: { text: 'Here is why.' } })).body;
    await jobsSettled(t.desk.handle.db);
    const ours = (await t.api(`/api/v1/tickets/${ticket.id}`)).body.messages.find((m: { id: number }) => m.id === reply.id).message_id;
    const before = (await t.api('/api/v1/tickets')).body.total;
    const dsn = (action: string, status: string) => [
      'From: MAILER-DAEMON@mx.customer.test', 'To: support@walletdesk.local', 'Subject: Delivery Status Notification', `Message-ID: <dsn-${action}@mx.customer.test>`,
      'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', '',
      '--B', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '',
      '--B', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.customer.test', '', 'Final-Recipient: rfc822; bounce-me@customer.test', `Action: ${action}`, `Status: ${status}`, 'Diagnostic-Code: smtp; 550 5.1.1 user unknown', '',
      '--B', 'Content-Type: text/rfc822-headers', '', 'From: support@walletdesk.local', `Message-ID: ${ours}`, '', '--B--', '',
    ].join('\r\n');
    await t.send({ envelope: { from: '', to: ['support@walletdesk.local'] }, raw: dsn('delayed', '4.4.1') });
    await jobsSettled(t.desk.handle.db);
    const statusOf = async () => (await t.api('/api/v1/outbound')).body.items.find((m: { id: number }) => m.id === reply.id);
    expect((await statusOf()).status).toBe('delayed');
    await t.send({ envelope: { from: '', to: ['support@walletdesk.local'] }, raw: dsn('failed', '5.1.1') });
    await jobsSettled(t.desk.handle.db);
    expect(await statusOf()).toMatchObject({ status: 'failed', error: expect.stringMatching(/5\.1\.1/) });
    expect((await t.api('/api/v1/tickets')).body.total).toBe(before);

    const stray = dsn('failed', '5.1.1').replace(ours, '<wd.00000000-0000-0000-0000-000000000000@walletdesk.local>').replace('dsn-failed', 'dsn-stray');
    await t.send({ envelope: { from: '', to: ['support@walletdesk.local'] }, raw: stray });
    await jobsSettled(t.desk.handle.db);
    const quarantined = (await t.api('/api/v1/inbound?status=quarantined')).body.items;
    expect(quarantined[0].quarantine_reason).toMatch(/delivery report .*not send/);
    expect((await t.api('/api/v1/tickets')).body.total).toBe(before);
  });

  it('an out-of-office answer joins its ticket without reopening it and without an acknowledgement', async () => {
    await t.send({ from: 'ooo@customer.test', to: 'support@walletdesk.local', subject: 'restricted account', text: 'my account is restricted', messageId: '<ooo-src@customer.test>' });
    const { ticket } = await messageOf('<ooo-src@customer.test>');
    const reply = (await t.api(`/api/v1/tickets/${ticket.id}/replies`, { method: 'POST', json: { text: 'Please upload your ID in the portal.' } })).body;
    await jobsSettled(t.desk.handle.db);
    const ours = (await t.api(`/api/v1/tickets/${ticket.id}`)).body.messages.find((m: { id: number }) => m.id === reply.id).message_id;
    const mailsBefore = t.relay.mails.length;
    await t.send({ from: 'ooo@customer.test', to: 'support@walletdesk.local', subject: 'Automatic reply: restricted account', text: 'I am on holiday until Monday.', messageId: '<ooo-1@customer.test>', inReplyTo: ours, headers: { 'Auto-Submitted': 'auto-replied' } });
    const { ticket: after, message } = await messageOf('<ooo-1@customer.test>');
    expect(after.id).toBe(ticket.id);
    expect(after.status).toBe('pending');
    expect(message.automated).toBe(true);
    expect(t.relay.mails.length).toBe(mailsBefore);
  });

  it('prints the contact’s anti-phishing phrase at the top of both parts of every mail we send them', async () => {
    await t.send({ from: 'phrase@customer.test', to: 'support@walletdesk.local', subject: 'question', text: 'hi', messageId: '<phrase-1@customer.test>' });
    const { ticket } = await messageOf('<phrase-1@customer.test>');
    const contactId = (await t.api(`/api/v1/tickets/${ticket.id}`)).body.requester.id;
    // Only the customer sets the phrase (the security center); agents are refused (outbound-redaction.test.ts).
    await setAntiPhishingPhrase(t.desk.handle.db, contactId, '蓝色海豚 42');
    expect((await t.api(`/api/v1/contacts/${contactId}`)).body).toMatchObject({ anti_phishing_phrase_set: true });
    expect(JSON.stringify((await t.api(`/api/v1/contacts/${contactId}`)).body)).not.toContain('蓝色海豚');
    await t.api(`/api/v1/tickets/${ticket.id}/replies`, { method: 'POST', json: { text: 'Answer with phrase.' } });
    const sent = await waitFor(() => t.relay.mails.find((m) => m.raw.includes('phrase-1@customer.test') && m.to[0] === 'phrase@customer.test' && !/Auto-Submitted/.test(m.raw)), 15_000, 'reply');
    const parsed = await PostalMime.parse(sent.raw);
    expect(parsed.text?.split('\n')[0]).toBe('Your anti-phishing phrase: 蓝色海豚 42');
    expect(parsed.html).toMatch(/^<div[^>]*>Your anti-phishing phrase: 蓝色海豚 42/);
  });

  it('the acknowledgement asks for exactly what the report lacks; a follow-up that supplies it clears the items', async () => {
    await t.send({ from: 'sun@customer.test', to: 'support@walletdesk.local', subject: 'Withdrawal failed', text: 'My USDT withdrawal yesterday at 14:00 failed but the balance was deducted. I tried twice from the app.', messageId: '<ev-1@customer.test>' });
    const { ticket, message } = await messageOf('<ev-1@customer.test>');
    expect(ticket.category).toBe('transaction');
    expect(message.evidence_missing).toEqual(expect.arrayContaining(['tx_hash', 'network', 'amount']));
    const ack = await waitFor(() => t.relay.mails.find((m) => m.raw.includes('In-Reply-To: <ev-1@customer.test>')), 15_000, 'ack');
    const ackText = (await PostalMime.parse(ack.raw)).text ?? '';
    expect(ackText).toMatch(/transaction hash/);
    expect(ackText).toMatch(/network/);


    const ackId = (await t.api(`/api/v1/tickets/${ticket.id}`)).body.messages.find((m: { kind: string }) => m.kind === 'acknowledgement').message_id;
    await t.send({ from: 'sun@customer.test', to: 'support@walletdesk.local', subject: `Re: ${ticket.id}`, text: 'It was 250 USDT on TRC20, TxID 5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060', messageId: '<ev-2@customer.test>', inReplyTo: ackId });
    const second = await messageOf('<ev-2@customer.test>');
    expect(second.ticket.id).toBe(ticket.id);
    expect(second.message.evidence_missing).not.toContain('tx_hash');
    expect(second.message.evidence_missing).not.toContain('network');
    expect(second.message.evidence_missing).not.toContain('amount');
  });
});
