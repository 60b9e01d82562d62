import MailComposer, { type Options as ComposeOptions } from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { parseMail } from './parse-mail.ts';

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const base: ComposeOptions = {
  from: 'Lena <lena@customer.test>',
  to: 'support@walletdesk.local',
  subject: 'Withdrawal screenshot',
  text: 'The withdrawal of 120 USDT failed — screenshot attached.',
  messageId: '<same-id@customer.test>',
  date: new Date('2026-11-20T09:00:00Z'),
  attachments: [{ filename: 'withdrawal.png', content: png, contentType: 'image/png' }],
};

/** Composed afresh each time, as a client sending again would: a new random multipart boundary each time. */
function compose(options: ComposeOptions): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

async function identity(raw: Buffer): Promise<string> {
  return (await parseMail(raw)).contentHash;
}

describe('the dedupe identity of a mail', () => {
  it('differs when only an attachment differs: its file name, its type, its disposition, its bytes', async () => {
    const original = await identity(await compose(base));
    const variants: ComposeOptions['attachments'][] = [
      [{ filename: 'withdrawal-2.png', content: png, contentType: 'image/png' }],
      [{ filename: 'withdrawal.png', content: png, contentType: 'application/octet-stream' }],
      [{ filename: 'withdrawal.png', content: png, contentType: 'image/png', contentDisposition: 'inline' }],
      [{ filename: 'withdrawal.png', content: Buffer.concat([png, Buffer.from([0])]), contentType: 'image/png' }],
      [{ filename: 'withdrawal.png', content: png, contentType: 'image/png' }, { filename: 'withdrawal.png', content: png, contentType: 'image/png' }],
    ];
    const ids = await Promise.all(variants.map(async (attachments) => identity(await compose({ ...base, attachments }))));
    for (const id of ids) expect(id).not.toBe(original);
    expect(new Set(ids).size).toBe(variants.length);
  });

  it('differs when a header the author wrote differs (Reply-To, Cc, a custom header, In-Reply-To)', async () => {
    const original = await identity(await compose(base));
    const variants: ComposeOptions[] = [
      { ...base, replyTo: 'elsewhere@attacker.test' },
      { ...base, cc: 'friend@customer.test' },
      { ...base, headers: { 'X-Ticket-Hint': 'WD-1001' } },
      { ...base, inReplyTo: '<earlier@customer.test>' },
    ];
    for (const v of variants) expect(await identity(await compose(v))).not.toBe(original);
  });

  it('is the same for the same mail composed twice, re-encoded, or carried by other relays', async () => {
    const first = await compose(base);
    const again = await compose(base);
    const boundaries = (raw: Buffer) => raw.toString('latin1').match(/boundary="?([^";\r\n]+)/)?.[1];
    expect(boundaries(again)).not.toBe(boundaries(first));
    const original = await identity(first);
    expect(await identity(again)).toBe(original);
    // A relay adds its trace and verdict headers, another uses bare LF and leaves trailing blanks.
    const relayed = Buffer.concat([
      Buffer.from('Received: from mx2.example.net by mx.walletdesk.local; Fri, 20 Nov 2026 09:00:05 +0000\r\nDelivered-To: support@walletdesk.local\r\nReturn-Path: <lena@customer.test>\r\nAuthentication-Results: mx.walletdesk.local; spf=pass\r\nX-Spam-Score: 0.1\r\n'),
      first,
    ]);
    expect(await identity(relayed)).toBe(original);
    const lf = Buffer.from(first.toString('latin1').replace(/\r\n/g, '\n').replace('screenshot attached.\n', 'screenshot attached. \t\n') + '\n\n', 'latin1');
    expect(lf.toString('latin1')).toContain('attached. \t\n');
    expect(await identity(lf)).toBe(original);
    // The same text in another transfer encoding (as a relay downgrading 8-bit mail writes it) is the same message.
    expect(first.toString('latin1')).toMatch(/Content-Transfer-Encoding: quoted-printable/);
    const b64 = await compose({ ...base, textEncoding: 'base64' });
    expect(b64.toString('latin1')).not.toMatch(/quoted-printable/);
    expect(await identity(b64)).toBe(original);
  });
});

describe.each(testDialects())('dedupe through SMTP (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_ACK_LIMIT_PER_HOUR: '100' });
  });
  afterAll(async () => t?.stop());

  it('keeps two mails with one Message-ID that differ only in an attachment name, and takes a resent copy once', async () => {
    const mail = { ...base, messageId: '<attach-name@customer.test>' };
    await t.send(mail);
    await t.send(mail);
    await t.send({ ...mail, attachments: [{ filename: 'withdrawal-corrected.png', content: png, contentType: 'image/png' }] });
    await jobsSettled(t.desk.handle.db);
    const db = t.desk.handle.db;
    const messages = await db.selectFrom('messages').select('id').where('external_id', '=', '<attach-name@customer.test>').execute();
    expect(messages).toHaveLength(2);
    const names = await db
      .selectFrom('attachments')
      .select('filename')
      .where('message_id', 'in', messages.map((m) => m.id))
      .orderBy('filename')
      .execute();
    expect(names.map((n) => n.filename)).toEqual(['withdrawal-corrected.png', 'withdrawal.png']);
    const raws = await db.selectFrom('inbound_raw').select(['status', 'note']).where('mail_from', '=', 'lena@customer.test').execute();
    expect(raws.map((r) => r.note).sort()).toEqual(['duplicate delivery', null, null].sort());
  });
});
