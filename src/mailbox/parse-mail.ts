import PostalMime, { type Address, type Email } from 'postal-mime';
import { htmlToText, sanitizeMailHtml } from '../platform/html/sanitize-html.ts';
import type { Party } from '../tickets/inbound-message.ts';
import { messageIdentity } from './dedupe-identity.ts';
import { declaresBig5, repairDecodedText, type DecodedTextRepairs } from './repair-decoded-text.ts';
import { MAX_HEADER_BYTES, repairRaw } from './repair-raw-mail.ts';

export type ParsedAttachment = {
  content: Uint8Array;
  filename: string;
  contentType: string;
  contentId: string | null;
  inline: boolean;
};

export type ParsedMail = {
  mail: Email;
  from: Party | null;
  to: Party[];
  cc: Party[];
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
  repliesTo: string[];
  attachments: ParsedAttachment[];
  contentHash: string;
};

export class UnparseableMailError extends Error {}

const MAX_NESTING = 64;

function flatten(addresses: Address[] | Address | undefined, fix: (s: string) => string): Party[] {
  const list = Array.isArray(addresses) ? addresses : addresses ? [addresses] : [];
  return list
    .flatMap((a) => (a.group ? a.group : [a]))
    .filter((m) => typeof m.address === 'string' && m.address.includes('@'))
    .map((m) => ({ address: m.address.trim().toLowerCase(), name: fix(m.name ?? '').trim() || null }));
}

/** Message ids (`<…>`) in a header, in order; a bare id without brackets is accepted, as some clients send. */
export function messageIdsIn(header: string | undefined): string[] {
  if (!header) return [];
  const bracketed = header.match(/<[^<>\s]{1,998}>/g);
  if (bracketed) return bracketed;
  const bare = header.trim();
  return /^[^\s<>]+@[^\s<>]+$/.test(bare) ? [`<${bare}>`] : [];
}

function extensionFor(contentType: string): string {
  const known: Record<string, string> = {
    'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'image/webp': '.webp', 'application/pdf': '.pdf',
    'text/csv': '.csv', 'text/plain': '.txt', 'message/rfc822': '.eml', 'text/calendar': '.ics',
  };
  return known[contentType] ?? '.bin';
}

/**
 * Parses raw mail into what a ticket needs. Text comes out decoded from its declared charset by Node's
 * TextDecoder, with the repairs above where Node departs from the Encoding Standard (gb2312/gbk are read as
 * GB18030, windows-1252 as windows-1252, Big5 as Big5-HKSCS). What the parser cannot read right by itself (8-bit
 * text in no declared charset or a wrong one, UTF-7, raw bytes in encoded words, uuencoded files) is put right in
 * the bytes it reads first (repair-raw-mail.ts). HTML is sanitised here, so an unsanitised body is never stored.
 */
export async function parseMail(raw: Uint8Array): Promise<ParsedMail> {
  let mail: Email;
  try {
    mail = await PostalMime.parse(repairRaw(raw), { maxHeadersSize: MAX_HEADER_BYTES, maxNestingDepth: MAX_NESTING, attachmentEncoding: 'arraybuffer' });
  } catch (err) {
    throw new UnparseableMailError(`MIME parse failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const repairs: DecodedTextRepairs = { big5: declaresBig5(raw) };
  const fix = (s: string) => repairDecodedText(s, repairs);
  const html = mail.html ? sanitizeMailHtml(fix(mail.html)) : null;
  const text = fix(mail.text ?? (mail.html ? htmlToText(mail.html) : '')).replace(/\r\n?/g, '\n');
  const attachments = mail.attachments.map((a, i): ParsedAttachment => {
    const content = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content as ArrayBuffer);
    const contentType = (a.mimeType || 'application/octet-stream').toLowerCase();
    return {
      content,
      filename: fix(a.filename ?? '').trim() || `attachment-${i + 1}${extensionFor(contentType)}`,
      contentType,
      contentId: a.contentId ?? null,
      inline: a.disposition === 'inline' || (!!a.contentId && a.disposition !== 'attachment'),
    };
  });
  const from = flatten(mail.from, fix)[0] ?? flatten(mail.sender, fix)[0] ?? null;
  const to = flatten(mail.to, fix);
  const cc = flatten(mail.cc, fix);
  const subject = fix(mail.subject ?? '').replace(/[\r\n]+/g, ' ').trim();
  const contentHash = messageIdentity(mail, { text, html, attachments });
  const messageId = messageIdsIn(mail.messageId)[0] ?? null;
  const repliesTo = [...new Set([...messageIdsIn(mail.inReplyTo), ...messageIdsIn(mail.references).reverse()])];
  return { mail, from, to, cc, subject, text, html, messageId, repliesTo, attachments, contentHash };
}
