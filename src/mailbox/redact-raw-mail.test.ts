import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import PostalMime from 'postal-mime';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { composeMail } from './compose-mail.ts';
import { PHRASE_MARKER, LINK_MARKERS } from '../tickets/redact-for-agents.ts';
import { redactRawMailForAgents } from './redact-raw-mail.ts';

const PHRASE = '蓝色<海豚> & "42"=é';
const STATUS = 'https://desk.wallet.example/status/c.7.abcdef.' + 'Z'.repeat(43);

/** Every spelling of the phrase a raw mail could carry it in. */
function encodedForms(s: string): string[] {
  const utf8 = Buffer.from(s, 'utf8');
  return [s, Buffer.from(s, 'utf8').toString('base64').slice(0, 12), [...utf8].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('').slice(0, 30), '海豚', 'é'];
}

describe('the raw source agents see of a mail we sent', () => {
  it.each(['quoted-printable', 'base64'] as const)('decodes %s text and HTML parts, replaces phrase and links, and keeps the headers', async (encoding) => {
    const raw = await new MailComposer({
      from: 'support@wallet.example',
      to: 'li@customer.test',
      subject: 'About your request',
      messageId: '<wd.abc@wallet.example>',
      text: `Your anti-phishing phrase: ${PHRASE}\n\n${'A long line to fold. '.repeat(10)}${PHRASE} Follow: ${STATUS}`,
      html: `<div>Your anti-phishing phrase: ${PHRASE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</div><a href="${STATUS}">status</a>`,
      textEncoding: encoding,
    }).compile().build();
    const original = await PostalMime.parse(raw);
    expect(original.text).toContain(PHRASE);

    const redacted = redactRawMailForAgents(raw, [PHRASE]);
    for (const form of encodedForms(PHRASE)) expect(redacted).not.toContain(form);
    expect(redacted).not.toContain('ZZZZZZZZZZ');
    expect(redacted).toMatch(/^Message-ID: <wd\.abc@wallet\.example>\r$/m);
    expect(redacted).toMatch(/^Subject: About your request\r$/m);
    const parsed = await PostalMime.parse(redacted);
    expect(parsed.text).toContain(`Your anti-phishing phrase: ${PHRASE_MARKER}`);
    expect(parsed.text).toContain(`A long line to fold. ${PHRASE_MARKER} Follow: ${LINK_MARKERS.status}`);
    expect(parsed.html).toContain(`<a href="${LINK_MARKERS.status}">`);
    expect(parsed.html).not.toContain('海豚');
  });

  it('redacts the mail as compose-mail.ts writes it, and a part in another charset', async () => {
    const raw = await composeMail({ from: 'support@wallet.example', to: 'li@customer.test', subject: '回复', text: `您好 ${STATUS}`, html: null, inReplyTo: null, references: [], automatic: false, ticketReference: 'WD-1', antiPhishingPhrase: PHRASE, locale: 'zh-CN' }, '<wd.x@wallet.example>');
    const redacted = redactRawMailForAgents(raw, [PHRASE]);
    for (const form of encodedForms(PHRASE)) expect(redacted).not.toContain(form);
    expect((await PostalMime.parse(redacted)).text).toContain(LINK_MARKERS.status);

    const gb = Buffer.concat([
      Buffer.from('From: a@b.test\r\nContent-Type: text/plain; charset=gb18030\r\nContent-Transfer-Encoding: base64\r\n\r\n'),
      Buffer.from(iconv.encode(`短语：${PHRASE}`, 'gb18030').toString('base64')),
    ]);
    const out = redactRawMailForAgents(gb, [PHRASE]);
    expect(out).toContain(`短语：${PHRASE_MARKER}`);
    expect(out).toMatch(/charset=utf-8/);
  });
});

describe('a mail without secrets', () => {
  it('is shown byte for byte as sent', async () => {
    const raw = await composeMail({ from: 'support@wallet.example', to: 'li@customer.test', subject: 'Re: fee', text: `Your fee was 1.5 USDT. ${'Long line. '.repeat(20)}`, html: null, inReplyTo: '<a@b>', references: ['<a@b>'], automatic: false, ticketReference: 'WD-2', antiPhishingPhrase: null, locale: 'en' }, '<wd.y@wallet.example>');
    expect(redactRawMailForAgents(raw, ['some other phrase'])).toBe(raw.toString('utf8'));
  });
});
