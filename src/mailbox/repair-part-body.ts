import { createHash } from 'node:crypto';
import { canonicalCharset, decodeCharset, guessCharset, mostlyNotUtf8, runtimeDecodes } from './guess-charset.ts';
import { extractUuencoded, uudecodePart, type UuFile } from './uudecode.ts';

// Repairs of one leaf part's body, before the parser reads it: text in a charset the runtime cannot decode
// (UTF-7) becomes UTF-8; 8-bit text with no charset, an unknown one, or a label its bytes break (Latin-1 sent as
// UTF-8) gets the charset its bytes show; uuencoded files, a whole part (x-uuencode) or blocks inside the text,
// become attachments like any other, so the attachment checks see them and the text no longer holds them.

const FIELD = (name: string) => new RegExp(`^${name}[ \\t]*:[^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*`, 'im');

/** The unfolded value of the first header of that name, or null. */
function headerValue(head: string, name: string): string | null {
  const field = FIELD(name).exec(head)?.[0];
  return field === undefined ? null : field.slice(field.indexOf(':') + 1).replace(/\r?\n[ \t]/g, ' ').trim();
}

function eolOf(head: string): string {
  return head.includes('\r\n') ? '\r\n' : '\n';
}

/** The head with the header replaced (its first occurrence), or added at the end when there is none. */
function setHeader(head: string, name: string, value: string): string {
  const line = `${name}: ${value}`;
  const field = FIELD(name);
  if (field.test(head)) return head.replace(field, () => line);
  const eol = eolOf(head);
  return (head === '' || head.endsWith('\n') ? head : head + eol) + line + eol;
}

function removeHeader(head: string, name: string): string {
  return head.replace(new RegExp(`${FIELD(name).source}\\r?\\n?`, 'im'), '');
}

const CHARSET_PARAM = /(;\s*charset\s*=\s*)(?:"[^"]*"|[^;\s]*)/i;

function withCharset(contentType: string, charset: string): string {
  return CHARSET_PARAM.test(contentType) ? contentType.replace(CHARSET_PARAM, (_, pre: string) => `${pre}${charset}`) : `${contentType}; charset=${charset}`;
}

function charsetParam(contentType: string): string | null {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? '') : null;
}

function transferDecode(body: Uint8Array, encoding: string): Buffer {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  if (encoding === 'base64') return Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    return Buffer.from(text.replace(/=[ \t]*\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  }
  return Buffer.from(body);
}

function base64Body(bytes: Uint8Array, eol: string): Buffer {
  return Buffer.from((Buffer.from(bytes).toString('base64').match(/.{1,76}/g) ?? []).join(eol) + eol, 'latin1');
}

const fileParam = (name: string) => `filename*=utf-8''${encodeURIComponent(name)}`;

function attachmentPart(file: UuFile, eol: string): string {
  return [
    `Content-Type: application/octet-stream; name*=utf-8''${encodeURIComponent(file.name)}`,
    `Content-Disposition: attachment; ${fileParam(file.name)}`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Body(file.content, eol).toString('latin1'),
  ].join(eol);
}

const UUENCODE = /^(?:x-)?uu(?:e|encode)?$/;
const HAS_8BIT = (bytes: Uint8Array) => bytes.some((b) => b >= 0x80 || b === 0x1b);

export type PartRepair = { head: string; body: Uint8Array };

/**
 * The repaired head and body of a leaf part, or null when the parser reads it right as it is. `head` is the
 * part's header block as text, `declared` the charset labels the whole message uses (evidence for a guess).
 */
export function repairPartBody(head: string, body: Uint8Array, declared: readonly string[]): PartRepair | null {
  const eol = eolOf(head);
  const contentType = headerValue(head, 'content-type');
  const type = (/^[^;\s]*/.exec(contentType ?? '')?.[0] ?? '').toLowerCase();
  const encoding = (/^[\w-]*/.exec(headerValue(head, 'content-transfer-encoding') ?? '')?.[0] ?? '').toLowerCase();
  const disposition = (/^[^;\s]*/.exec(headerValue(head, 'content-disposition') ?? '')?.[0] ?? '').toLowerCase();

  if (UUENCODE.test(encoding)) {
    const file = uudecodePart(body);
    if (!file) return null;
    let fixed = setHeader(head, 'Content-Transfer-Encoding', 'base64');
    if (!type || type.startsWith('text/')) fixed = setHeader(fixed, 'Content-Type', `application/octet-stream; name*=utf-8''${encodeURIComponent(file.name)}`);
    if (!/filename/i.test(headerValue(fixed, 'content-disposition') ?? '')) fixed = setHeader(fixed, 'Content-Disposition', `attachment; ${fileParam(file.name)}`);
    return { head: fixed, body: base64Body(file.content, eol) };
  }

  const inlineText = (type === '' || type === 'text/plain' || type === 'text/html') && disposition !== 'attachment';
  if (!inlineText) return null;
  const label = contentType === null ? null : charsetParam(contentType);
  const canonical = canonicalCharset(label);
  let bytes = transferDecode(body, encoding);
  let charset = canonical ?? 'windows-1252'; // what the parser falls back to for a label it does not know
  if (label === null) charset = 'utf-8';
  let transcoded = false;
  if (canonical && !runtimeDecodes(canonical)) {
    bytes = Buffer.from(decodeCharset(bytes, canonical), 'utf8');
    charset = 'utf-8';
    transcoded = true;
  } else if (HAS_8BIT(bytes) && (!canonical || label === null || /^(?:us-)?ascii$/i.test(label ?? '') || (canonical === 'utf-8' && mostlyNotUtf8(bytes)))) {
    charset = guessCharset(bytes, declared);
  }
  const relabelled = charset !== (label === null ? 'utf-8' : (canonical ?? 'windows-1252')) || transcoded;
  const { text, files } = type === 'text/html' || !bytes.includes('begin ') ? { text: bytes, files: [] } : extractUuencoded(bytes);
  if (!relabelled && !files.length) return null;

  const textType = withCharset(contentType ?? 'text/plain', charset);
  if (!files.length) {
    if (!transcoded) return { head: setHeader(head, 'Content-Type', textType), body };
    return { head: setHeader(setHeader(head, 'Content-Type', textType), 'Content-Transfer-Encoding', 'base64'), body: base64Body(text, eol) };
  }
  // The text and the files it carried become a multipart/mixed of their own, in the place of the part.
  const boundary = `=_walletdesk_uu_${createHash('sha256').update(body).digest('hex').slice(0, 24)}`;
  const textPart = [`Content-Type: ${textType}`, 'Content-Transfer-Encoding: base64', '', base64Body(text, eol).toString('latin1')].join(eol);
  const multipart = [`--${boundary}`, textPart, ...files.flatMap((f) => [`--${boundary}`, attachmentPart(f, eol)]), `--${boundary}--`, ''].join(eol);
  let fixed = removeHeader(removeHeader(head, 'Content-Transfer-Encoding'), 'Content-Type');
  fixed = setHeader(fixed, 'Content-Type', `multipart/mixed; boundary="${boundary}"`);
  return { head: fixed, body: Buffer.from(multipart, 'latin1') };
}
