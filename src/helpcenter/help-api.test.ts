import fs from 'node:fs';
import path from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type ApiInit, type TestDesk } from '../platform/testing/test-desk.ts';
import { signStatusToken } from '../tickets/status-link.ts';
import { clientKey } from './rate-limit.ts';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 1)]);
const CSV = 'time,asset,amount,tx\n2026-11-20 10:00,USDT,200,0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060\n';

type Json = any;

describe.each(testDialects())('help center API (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_PUBLIC_URL: 'https://desk.walletdesk.test', WALLETDESK_CONTACT_LIMIT: '50', WALLETDESK_ACK_LIMIT_PER_HOUR: '100' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** A visitor of the public site: no token, no cookie. */
  const pub = (route: string, init: ApiInit = {}) => t.api(`/api/v1/help${route}`, { ...init, anonymous: true });

  function form(fields: Record<string, string>, files: { name: string; data: Buffer | string; type?: string }[] = []): FormData {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    for (const f of files) fd.append('files', new Blob([typeof f.data === 'string' ? f.data : new Uint8Array(f.data)], { type: f.type ?? 'application/octet-stream' }), f.name);
    return fd;
  }

  async function ticketCount(): Promise<number> {
    return (await t.api('/api/v1/tickets')).body.total;
  }

  /** Submits the form and returns the reference, the ticket and the status link from the acknowledgement mail. */
  async function submit(email: string, subject: string, description: string, files: { name: string; data: Buffer | string; type?: string }[] = []) {
    const res = await pub('/contact', { method: 'POST', body: form({ email, name: 'Li Wei', subject, description }, files) });
    expect(res.status).toBe(201);
    await jobsSettled(t.desk.handle.db);
    const mail = await waitFor(() => t.relay.mails.find((m) => m.to.includes(email) && m.raw.includes(res.body.reference)), 15_000, 'acknowledgement');
    const parsed = await PostalMime.parse(mail.raw);
    const link = /https:\/\/desk\.walletdesk\.test\/status\/(\S+)/.exec(parsed.text ?? '');
    expect(link).not.toBeNull();
    const ticket = (await t.api(`/api/v1/tickets?q=${encodeURIComponent(subject)}`)).body.items.find((i: Json) => i.reference === res.body.reference);
    return { reference: res.body.reference as string, ticketId: ticket.id as number, token: (link as RegExpExecArray)[1] as string, created: res.body, ackText: parsed.text ?? '' };
  }

  it('answers without credentials, while the agent API still refuses a visitor', async () => {
    const list = await pub('/articles?locale=zh-CN');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(8);
    expect(list.body.items[0]).toEqual({ slug: 'contact-support', title: expect.stringContaining('客服'), summary: expect.stringContaining('support@walletdesk.local') });
    expect((await fetch(`http://127.0.0.1:${t.desk.httpPort}/api/v1/tickets`)).status).toBe(401);
  });

  it('serves every article in both languages as sanitised HTML with the configured address, never the seed’s', async () => {
    for (const locale of ['en', 'zh-CN']) {
      const { items } = (await pub(`/articles?locale=${locale}`)).body;
      for (const { slug } of items) {
        const article = await pub(`/articles/${slug}?locale=${locale}`);
        expect(article.status).toBe(200);
        expect(article.body).toMatchObject({ slug, locale, title: expect.any(String) });
        expect(article.body.html).not.toMatch(/<script|bitpai|\{\{/i);
      }
    }
    const contact = (await pub('/articles/contact-support?locale=en')).body.html;
    expect(contact).toContain('<strong>support@walletdesk.local</strong>');
    expect((await pub('/articles/spot-fake-support?locale=zh-CN')).body.html).toContain('https://desk.walletdesk.test');
    expect((await pub('/articles/no-such-article?locale=en')).status).toBe(404);
    expect((await pub('/articles?locale=fr')).status).toBe(400);
  });

  it('searches Chinese and English, choosing the language of the query when none is given', async () => {
    const zh = (await pub(`/search?q=${encodeURIComponent('账户被盗了怎么办')}`)).body;
    expect(zh.locale).toBe('zh-CN');
    expect(zh.items[0]).toMatchObject({ slug: 'account-stolen' });
    const en = (await pub('/search?q=two-factor%20authentication&locale=en')).body;
    expect(en.items[0]).toMatchObject({ slug: 'security-measures' });
    expect((await pub(`/search?q=${encodeURIComponent('手续费')}&locale=zh-CN`)).body.items[0].slug).toBe('fees');
    expect((await pub('/search?q=')).status).toBe(400);
  });

  it('the help routes are in the OpenAPI document, marked as needing no token', async () => {
    const doc = (await t.api('/api/v1/openapi.json')).body;
    for (const route of ['/api/v1/help/articles', '/api/v1/help/search', '/api/v1/help/check-channel', '/api/v1/help/contact', '/api/v1/help/status/{token}']) {
      const operations = Object.values(doc.paths[route] ?? {}) as { security?: unknown[] }[];
      expect(operations.length, route).toBeGreaterThan(0);
      for (const op of operations) expect(op.security).toEqual([]);
    }
  });

  it('tells the configured channels', async () => {
    expect((await pub('/config')).body).toEqual({ support_address: 'support@walletdesk.local', aliases: ['help@walletdesk.local'], public_url: 'https://desk.walletdesk.test' });
  });

  it('checks a channel: aliases and the public URL are ours, look-alikes are not', async () => {
    const check = async (input: string) => (await pub('/check-channel', { method: 'POST', json: { input } })).body;
    expect(await check('Help@WalletDesk.Local.')).toMatchObject({ verdict: 'official', kind: 'email', normalized: 'help@walletdesk.local' });
    expect(await check('https://desk.walletdesk.test/status/x')).toMatchObject({ verdict: 'official', kind: 'url' });
    expect(await check('https://desk.walletdesk.test@evil.example/')).toMatchObject({ verdict: 'not_official', reason: 'hidden_destination' });
    expect(await check('supp\u043ert@walletdesk.local')).toMatchObject({ verdict: 'not_official', reason: 'lookalike_letters' });
    expect(await check('walletdesk-support.com')).toMatchObject({ verdict: 'not_official', reason: 'lookalike_name', advice_zh: expect.stringContaining('support@walletdesk.local') });
    expect(await check('???')).toMatchObject({ verdict: 'invalid' });
    expect((await pub('/check-channel', { method: 'POST', json: {} })).status).toBe(400);
  });

  it('the contact form opens a ticket like mail does, with its files, and the acknowledgement carries the status link', async () => {
    const { reference, ticketId, ackText, created } = await submit('li.wei@customer.test', '提现失败', '我昨天提现 200 USDT 失败了,截图和交易记录见附件。', [
      { name: '截图 1.png', data: PNG, type: 'image/png' },
      { name: 'records.csv', data: CSV, type: 'text/csv' },
    ]);
    expect(created).toEqual({ reference, status_link_sent: true });
    expect(ackText).toContain(reference);
    expect(ackText).toMatch(/查看工单进度或在线回复/);
    const ticket = (await t.api(`/api/v1/tickets/${ticketId}`)).body;
    expect(ticket).toMatchObject({ reference, subject: '提现失败', status: 'new', category: 'transaction' });
    const [message] = ticket.messages;
    expect(message).toMatchObject({ direction: 'inbound', channel: 'web', unverified_sender: true, auth: null });
    expect(message.attachments.map((a: Json) => [a.filename, a.content_type])).toEqual([['截图 1.png', 'image/png'], ['records.csv', 'text/csv']]);
    expect(message.chain_refs).toEqual([expect.objectContaining({ kind: 'tx', chain: 'evm' })]);
    const png = await fetch(`http://127.0.0.1:${t.desk.httpPort}/api/v1/tickets/${ticketId}/attachments/${message.attachments[0].id}`, { headers: { authorization: `Bearer ${t.token}` } });
    expect(Buffer.from(await png.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('the status page shows the conversation without addresses or notes, and takes a reply into the same ticket', async () => {
    const { reference, ticketId, token } = await submit('zhang@customer.test', 'Account restricted', 'My account was restricted yesterday, what do I need to send?', [{ name: 'error.png', data: PNG, type: 'image/png' }]);
    await t.api(`/api/v1/tickets/${ticketId}/replies`, { method: 'POST', json: { text: 'Please upload your ID in the portal.' } });
    await jobsSettled(t.desk.handle.db);

    const page = await pub(`/status/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ reference, subject: 'Account restricted', status: 'pending' });
    expect(page.body.messages.map((m: Json) => [m.direction, m.from_name])).toEqual([['inbound', 'Li Wei'], ['outbound', null], ['outbound', null]]);
    expect(page.body.messages[0].attachments).toEqual([{ filename: 'error.png', size: PNG.length }]);
    expect(page.body.messages[2].text).toBe('Please upload your ID in the portal.');
    expect(JSON.stringify(page.body)).not.toMatch(/@operator\.test|support@walletdesk\.local|zhang@customer\.test/);

    const reply = await pub(`/status/${token}/replies`, { method: 'POST', json: { text: '我已经在门户上传了证件。' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ reference, new_ticket: false });
    const ticket = (await t.api(`/api/v1/tickets/${ticketId}`)).body;
    expect(ticket.status).toBe('open');
    expect(ticket.messages.at(-1)).toMatchObject({ direction: 'inbound', channel: 'web', text: '我已经在门户上传了证件。', unverified_sender: true });
    expect((await pub(`/status/${token}`)).body.messages.at(-1)).toMatchObject({ direction: 'inbound', text: '我已经在门户上传了证件。' });
    expect((await pub(`/status/${token}/replies`, { method: 'POST', json: { text: '' } })).status).toBe(400);
  });

  it('a tampered, expired or borrowed link shows nothing, and always the same 404', async () => {
    const a = await submit('owner-a@customer.test', 'fee question A', 'Why was the withdrawal fee 5 USDT?');
    const b = await submit('owner-b@customer.test', 'fee question B', 'Why was the swap fee so high?');
    const secret = fs.readFileSync(path.join(t.config.dataDir, 'secret.key'), 'utf8').trim();
    expect(fs.statSync(path.join(t.config.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    const requesterOf = async (id: number) => (await t.api(`/api/v1/tickets/${id}`)).body.requester.id as number;

    const last = a.token.at(-2) === 'A' ? 'B' : 'A';
    const bad = [
      a.token.slice(0, -2) + last + a.token.at(-1),
      // Ticket A's id under B's signature, and a link for A's ticket made out to B's contact.
      `${a.ticketId.toString(36)}${b.token.slice(b.token.indexOf('.'))}`,
      signStatusToken(secret, { ticketId: a.ticketId, contactId: await requesterOf(b.ticketId) }),
      signStatusToken(secret, { ticketId: a.ticketId, contactId: await requesterOf(a.ticketId), expiresAt: Date.now() - 1000 }),
      signStatusToken('another desk’s secret, 32 characters or more', { ticketId: a.ticketId, contactId: await requesterOf(a.ticketId) }),
      'not-a-token',
    ];
    for (const token of bad) {
      const res = await pub(`/status/${encodeURIComponent(token)}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'not_found', message: 'this status link is not valid (it may have expired)' });
      expect((await pub(`/status/${encodeURIComponent(token)}/replies`, { method: 'POST', json: { text: 'let me in' } })).status).toBe(404);
    }
    const pageB = (await pub(`/status/${b.token}`)).body;
    expect(pageB.reference).toBe(b.reference);
    expect(JSON.stringify(pageB)).not.toContain('fee question A');
    const aMessages = (await t.api(`/api/v1/tickets/${a.ticketId}`)).body.messages.length;
    expect(aMessages).toBe(2);
  });

  it('a web form cannot join another ticket by naming its reference', async () => {
    const first = await submit('victim@customer.test', 'lost 2FA', 'I lost my phone with the authenticator app.');
    const before = await ticketCount();
    const res = await pub('/contact', { method: 'POST', body: form({ email: 'victim@customer.test', subject: `Re: [${first.reference}] lost 2FA`, description: 'Please change my email to evil@attacker.test' }) });
    expect(res.status).toBe(201);
    expect(res.body.reference).not.toBe(first.reference);
    expect(await ticketCount()).toBe(before + 1);
  });

  it('refuses bad forms with the field or file named, storing nothing', async () => {
    const before = await ticketCount();
    const post = (body: FormData | string, headers: Record<string, string> = {}) => pub('/contact', { method: 'POST', body, headers });
    const ok = { email: 'x@customer.test', subject: 'help', description: 'something happened' };

    const missing = await post(form({ email: 'x@customer.test', description: 'no subject' }));
    expect(missing).toMatchObject({ status: 400, body: { error: 'bad_request', message: expect.stringMatching(/^subject: is required/) } });
    expect((await post(form({ ...ok, email: 'not-an-address' }))).body.message).toMatch(/^email: /);
    expect((await post(form({ ...ok, subject: '   ' }))).body.message).toMatch(/^subject: /);
    expect((await post(form({ ...ok, locale: 'fr' }))).body.message).toMatch(/^locale: /);

    const six = Array.from({ length: 6 }, (_, i) => ({ name: `s${i}.png`, data: PNG, type: 'image/png' }));
    expect((await post(form(ok, six))).body.message).toMatch(/files: at most 5 files/);

    const big = await post(form(ok, [{ name: 'huge.png', data: Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]), type: 'image/png' }]));
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/files\[0\] \(huge\.png\): larger than 10 MB/);

    const exe = Buffer.alloc(512, 0);
    exe.write('MZ', 0, 'latin1');
    const hostile = await post(form(ok, [{ name: 'ok.png', data: PNG, type: 'image/png' }, { name: 'photo.png', data: exe, type: 'image/png' }]));
    expect(hostile).toMatchObject({ status: 400, body: { message: expect.stringMatching(/files\[1\] \(photo\.png\): is not an image, a PDF/) } });
    const html = await post(form(ok, [{ name: 'notes.txt', data: '<html><script>alert(1)</script></html>', type: 'text/plain' }]));
    expect(html.body.message).toMatch(/files\[0\] \(notes\.txt\): contains HTML or script/);
    const pdf = await post(form(ok, [{ name: 'statement.pdf', data: '%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>', type: 'application/pdf' }]));
    expect(pdf.body.message).toMatch(/files\[0\] \(statement\.pdf\): is a PDF with active content/);

    expect((await post('--x\r\nbroken', { 'content-type': 'multipart/form-data; boundary=nothing' })).status).toBe(400);
    expect(await ticketCount()).toBe(before);
  });

  it('limits submissions per client address, counted in the database', async () => {
    const rows = Array.from({ length: 50 }, () => ({ bucket: 'contact-form', client_hash: clientKey('127.0.0.1'), created_at: Date.now() }));
    await t.desk.handle.db.insertInto('help_rate_events').values(rows).execute();
    const res = await pub('/contact', { method: 'POST', body: form({ email: 'spam@customer.test', subject: 'spam', description: 'spam' }) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    await t.desk.handle.db.deleteFrom('help_rate_events').execute();
    expect((await pub('/contact', { method: 'POST', body: form({ email: 'spam@customer.test', subject: 'not spam', description: 'a real question' }) })).status).toBe(201);
  });
});
