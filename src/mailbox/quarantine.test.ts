import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

const CRLF = '\r\n';
const DESK = 'support@walletdesk.local';

const gbkWord = (text: string) => `=?GBK?B?${iconv.encode(text, 'gbk').toString('base64')}?=`;
const base64Lines = (bytes: Uint8Array) => (Buffer.from(bytes).toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
const pct = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** A message nested deeper than the parser accepts: the kind of mail that can only be quarantined. */
function nestedTooDeep(depth: number): Buffer {
  let s = `To: ${DESK}${CRLF}From: nest@example.net${CRLF}Subject: nested${CRLF}Content-Type: multipart/mixed; boundary="d0"${CRLF}${CRLF}`;
  for (let i = 1; i < depth; i++) s += `--d${i - 1}${CRLF}Content-Type: multipart/mixed; boundary="d${i}"${CRLF}${CRLF}`;
  s += `--d${depth - 1}${CRLF}Content-Type: text/plain${CRLF}${CRLF}deep${CRLF}`;
  for (let i = depth - 1; i >= 0; i--) s += `--d${i}--${CRLF}`;
  return Buffer.from(s);
}

describe.each(testDialects())('inbound quarantine and legacy-charset mail over SMTP (%s)', (dialect) => {
  let t: TestDesk;
  let base: string;
  beforeAll(async () => {
    t = await startTestDesk(dialect);
    base = `http://127.0.0.1:${t.desk.httpPort}`;
  });
  afterAll(async () => t?.stop());

  const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const admin = () => as(t.adminToken);

  /** Sends raw bytes over SMTP exactly as given, with the envelope given, and returns the stored raw id. */
  async function sendRaw(raw: Buffer, envelopeFrom: string): Promise<number> {
    const info = await t.send({ envelope: { from: envelopeFrom, to: [DESK] }, raw });
    expect(info.response).toMatch(/^250 /);
    const id = Number(/Stored as (\d+)/.exec(info.response)?.[1]);
    expect(id).toBeGreaterThan(0);
    return id;
  }

  const row = (id: number) => t.desk.handle.db.selectFrom('inbound_raw').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const settled = (id: number, status: 'processed' | 'quarantined') =>
    waitFor(async () => {
      const r = await row(id);
      return r.status === status ? r : undefined;
    }, 15_000, `inbound ${id} ${status}`);

  const noSender = Buffer.from(
    [`To: ${DESK}`, 'Subject: account frozen', 'Message-ID: <no-sender-1@mx.example.net>', 'Content-Type: text/plain; charset=utf-8', '', '我的账户被冻结了 — who do I talk to?', ''].join(CRLF),
  );
  let noSenderId = 0;

  it('keeps mail with no From and an empty envelope sender, and lists it with its reason', async () => {
    noSenderId = await sendRaw(noSender, '');
    const stored = await settled(noSenderId, 'quarantined');
    expect(stored.mail_from).toBe('');
    expect(stored.message_id).toBeNull();

    const list = await t.api('/api/v1/inbound?status=quarantined');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual({
      id: noSenderId,
      source: 'smtp',
      status: 'quarantined',
      quarantine_reason: 'no sender address in From, Sender or the envelope',
      size: noSender.byteLength,
      mail_from: '',
      message_id: null,
      received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const processed = await t.api('/api/v1/inbound?status=processed');
    expect(processed.body.items.map((i: { id: number }) => i.id)).not.toContain(noSenderId);
  });

  it('quarantines mail the parser refuses, with the parser’s reason and no ticket', async () => {
    const before = (await t.api('/api/v1/tickets')).body.total;
    const id = await sendRaw(nestedTooDeep(200), 'nest@example.net');
    const stored = await settled(id, 'quarantined');
    expect(stored.quarantine_reason).toMatch(/^MIME parse failed: .*nesting/);
    const list = await t.api('/api/v1/inbound?status=quarantined');
    expect(list.body.items.find((i: { id: number }) => i.id === id)).toMatchObject({ status: 'quarantined', mail_from: 'nest@example.net', quarantine_reason: stored.quarantine_reason });
    expect((await t.api('/api/v1/tickets')).body.total).toBe(before);
  });

  it('gives an admin the raw source byte for byte, and a plain agent 403', async () => {
    const res = await fetch(`${base}/api/v1/inbound/${noSenderId}/raw`, admin());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('message/rfc822');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="inbound-${noSenderId}.eml"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(noSender)).toBe(true);

    const agent = await fetch(`${base}/api/v1/inbound/${noSenderId}/raw`, as(t.token));
    expect(agent.status).toBe(403);
    expect((await agent.text()).includes('我的账户')).toBe(false);
    expect((await fetch(`${base}/api/v1/inbound/99999999/raw`, admin())).status).toBe(404);
  });

  it('re-runs a quarantined message on an admin’s request; agents may not', async () => {
    const before = await row(noSenderId);
    expect((await t.api(`/api/v1/inbound/${noSenderId}/reprocess`, { method: 'POST' })).status).toBe(403);
    expect((await row(noSenderId)).status).toBe('quarantined');

    const r = await t.api(`/api/v1/inbound/${noSenderId}/reprocess`, { method: 'POST', ...admin() });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ id: noSenderId, status: 'pending' });
    // Still without a sender, so it comes back to the quarantine, processed again.
    const again = await waitFor(async () => {
      const x = await row(noSenderId);
      return x.status === 'quarantined' && (x.processed_at ?? 0) > (before.processed_at ?? 0) ? x : undefined;
    }, 15_000, 'second quarantine');
    expect(again.quarantine_reason).toBe('no sender address in From, Sender or the envelope');
    expect((await t.api('/api/v1/inbound?status=quarantined')).body.items.map((i: { id: number }) => i.id)).toContain(noSenderId);
  });

  // A Foxmail-style GBK message: encoded words in GBK for names and subject, a GBK body that holds an emoji
  // (GB18030 four-byte, as phones send under a GBK label), one attachment named with RFC 2047 words inside the
  // quoted parameter and one with RFC 2231.
  const token = `TX-${randomBytes(4).toString('hex')}`;
  const subject = `提币失败：交易哈希 ${token}`;
  const body = `您好：\n我在10月1日提币 0.25 ETH，状态一直是“处理中”。朱镕基、王堃两个账户都一样。\n发自我的手机 😀\n`;
  const pdfName = '对账单（十月）.pdf';
  const jpgName = '身份证 正面.jpg';
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000)]);
  const jpg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(2000)]);
  const gbkMail = Buffer.from(
    [
      `From: ${gbkWord('王芳')} <Wang.Fang@Example.CN>`,
      `To: ${gbkWord('客服')} <${DESK}>`,
      `Subject: ${gbkWord(subject)}`,
      'Date: Tue, 25 Nov 2025 10:00:00 +0800',
      `Message-ID: <gbk-${token}@example.cn>`,
      'X-Mailer: Foxmail 7.2',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="----=_NextPart_000_0001"',
      '',
      'This is a multi-part message in MIME format.',
      '',
      '------=_NextPart_000_0001',
      'Content-Type: text/plain; charset="GBK"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(iconv.encode(body.replace(/\n/g, CRLF), 'gb18030')),
      '',
      '------=_NextPart_000_0001',
      `Content-Type: application/pdf; name="${gbkWord(pdfName)}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${gbkWord(pdfName)}"`,
      '',
      base64Lines(pdf),
      '',
      '------=_NextPart_000_0001',
      'Content-Type: image/jpeg',
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename*=GBK''${pct(iconv.encode(jpgName, 'gbk'))}`,
      '',
      base64Lines(jpg),
      '',
      '------=_NextPart_000_0001--',
      '',
    ].join(CRLF),
  );
  let gbkRawId = 0;
  let ticketId = 0;

  it('turns GBK mail with non-ASCII attachment names into a ticket that reads right', async () => {
    gbkRawId = await sendRaw(gbkMail, 'wang.fang@example.cn');
    await settled(gbkRawId, 'processed');
    const list = await waitFor(async () => {
      const r = await t.api(`/api/v1/tickets?q=${encodeURIComponent(token)}`);
      return r.body.total === 1 ? r.body : undefined;
    }, 15_000, 'ticket');
    ticketId = list.items[0].id;
    const ticket = await t.api(`/api/v1/tickets/${ticketId}`);
    expect(ticket.status).toBe(200);
    expect(ticket.body.subject).toBe(subject);
    expect(ticket.body.requester).toMatchObject({ address: 'wang.fang@example.cn', name: '王芳' });
    const message = ticket.body.messages[0];
    expect(message).toMatchObject({ direction: 'inbound', kind: 'customer', from: 'wang.fang@example.cn', from_name: '王芳', to: [DESK], subject });
    expect(message.text.replace(/\n+$/, '\n')).toBe(body);
    expect(message.attachments).toEqual([
      { id: expect.any(Number), filename: pdfName, content_type: 'application/pdf', size: pdf.byteLength, inline: false, content_id: null, detected_type: 'pdf', quarantined: false, quarantine_reason: null },
      { id: expect.any(Number), filename: jpgName, content_type: 'image/jpeg', size: jpg.byteLength, inline: false, content_id: null, detected_type: 'jpeg', quarantined: false, quarantine_reason: null },
    ]);
    // The Chinese text is searchable too.
    expect((await t.api(`/api/v1/tickets?q=${encodeURIComponent('王堃')}`)).body.items.map((i: { id: number }) => i.id)).toContain(ticketId);
  });

  it('serves each attachment byte-identical, as a download named in RFC 6266 form, never sniffed', async () => {
    const ticket = (await t.api(`/api/v1/tickets/${ticketId}`)).body;
    const attachments: { id: number; filename: string }[] = ticket.messages[0].attachments;
    for (const [a, bytes] of [[attachments[0], pdf], [attachments[1], jpg]] as const) {
      const res = await fetch(`${base}/api/v1/tickets/${ticketId}/attachments/${a?.id}`, as(t.token));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const disposition = res.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%._~!'()*-]+$/);
      const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '';
      expect(decodeURIComponent(encoded)).toBe(a?.filename);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
    expect((await fetch(`${base}/api/v1/tickets/${ticketId}/attachments/${(attachments[1]?.id ?? 0) + 1000}`, as(t.token))).status).toBe(404);
  });

  it('answers 409 for re-processing a message that is not quarantined, and 404 for an unknown one', async () => {
    const processed = await t.api(`/api/v1/inbound/${gbkRawId}/reprocess`, { method: 'POST', ...admin() });
    expect(processed.status).toBe(409);
    expect(processed.body.error).toBe('conflict');
    expect((await row(gbkRawId)).status).toBe('processed');
    expect((await t.api('/api/v1/inbound/99999999/reprocess', { method: 'POST', ...admin() })).status).toBe(404);
  });

  it('files a re-processed message that can now be read, without a second copy', async () => {
    const first = await row(gbkRawId);
    // As if an earlier version of the desk had refused it.
    await t.desk.handle.db.updateTable('inbound_raw').set({ status: 'quarantined', quarantine_reason: 'MIME parse failed: test', message_id: null }).where('id', '=', gbkRawId).execute();
    expect((await t.api(`/api/v1/inbound/${gbkRawId}/reprocess`, { method: 'POST', ...admin() })).status).toBe(202);
    const again = await settled(gbkRawId, 'processed');
    expect(again.quarantine_reason).toBeNull();
    expect(again.message_id).toBe(first.message_id);
    const ticket = (await t.api(`/api/v1/tickets/${ticketId}`)).body;
    expect(ticket.messages.filter((m: { kind: string }) => m.kind === 'customer')).toHaveLength(1);
  });
});
