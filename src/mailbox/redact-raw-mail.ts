import iconv from 'iconv-lite';
import { redactHtmlForAgents, redactTextForAgents } from '../tickets/redact-for-agents.ts';

/**
 * The raw source of a mail we sent, as agents may see it: every text part decoded (quoted-printable or base64,
 * any charset), its phrase and signed links replaced by markers, and written back as 8-bit UTF-8 so the markers
 * read plainly. Headers, structure, every other part and every text part without a secret stay as sent. Redacting the encoded bytes instead would
 * miss a phrase split by a soft line break or hidden in base64.
 *
 * Works on the bytes as latin1 text (one character per byte), so parts it leaves alone keep their exact bytes.
 */
export function redactRawMailForAgents(raw: Buffer, phrases: readonly string[]): string {
  return Buffer.from(redactEntity(raw.toString('latin1'), phrases, 0), 'latin1').toString('utf8');
}

// Nesting deeper than this is not mail we compose; anything below it is left as it is.
const MAX_DEPTH = 8;

type Header = { name: string; value: string };

function splitEntity(entity: string): { head: string; sep: string; body: string } {
  const m = /\r?\n\r?\n/.exec(entity);
  if (!m) return { head: entity, sep: '', body: '' };
  return { head: entity.slice(0, m.index), sep: m[0], body: entity.slice(m.index + m[0].length) };
}

function parseHeaders(head: string): Header[] {
  const out: Header[] = [];
  for (const line of head.split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).replace(/\r?\n[ \t]/g, ' ').trim() });
  }
  return out;
}

function param(value: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

function redactEntity(entity: string, phrases: readonly string[], depth: number): string {
  const { head, sep, body } = splitEntity(entity);
  const headers = parseHeaders(head);
  const contentType = headers.find((h) => h.name === 'content-type')?.value ?? 'text/plain';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? 'text/plain';
  const redactedHead = redactHeaderBlock(head, phrases);
  if (depth >= MAX_DEPTH) return `${redactedHead}${sep}${body}`;

  if (mediaType.startsWith('multipart/')) {
    const boundary = param(contentType, 'boundary');
    if (!boundary) return `${redactedHead}${sep}${body}`;
    const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // A delimiter line with its line breaks; `--` after it closes the multipart and starts the epilogue.
    const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
    let out = '';
    let last = 0;
    let inPart = false;
    for (const m of body.matchAll(delimiter)) {
      const segment = body.slice(last, m.index);
      out += (inPart ? redactEntity(segment, phrases, depth + 1) : segment) + m[0];
      last = m.index + m[0].length;
      inPart = m[1] === undefined;
    }
    const rest = body.slice(last);
    out += inPart ? redactEntity(rest, phrases, depth + 1) : rest;
    return `${redactedHead}${sep}${out}`;
  }
  if (mediaType === 'message/rfc822') return `${redactedHead}${sep}${redactEntity(body, phrases, depth + 1)}`;
  if (!mediaType.startsWith('text/')) return `${redactedHead}${sep}${body}`;

  const encoding = (headers.find((h) => h.name === 'content-transfer-encoding')?.value ?? '7bit').toLowerCase();
  const bytes = decodeTransfer(body, encoding);
  const charset = (param(contentType, 'charset') ?? 'utf-8').toLowerCase();
  const text = iconv.encodingExists(charset) ? iconv.decode(bytes, charset) : bytes.toString('utf8');
  const redacted = mediaType === 'text/html' ? redactHtmlForAgents(text, phrases) : redactTextForAgents(text, phrases);
  // Nothing secret in it: the part stays byte for byte as sent.
  if (redacted === text) return `${redactedHead}${sep}${body}`;
  const newHead = rewriteTextHeaders(redactedHead, contentType);
  return `${newHead}${sep}${Buffer.from(redacted, 'utf8').toString('latin1')}`;
}

function decodeTransfer(body: string, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const unfolded = body.replace(/=[ \t]*\r?\n/g, '');
    return Buffer.from(unfolded.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  }
  return Buffer.from(body, 'latin1');
}

/** The part's headers now that its body is plain UTF-8: 8bit transfer encoding, charset utf-8. */
function rewriteTextHeaders(head: string, contentType: string): string {
  const type = /charset\s*=/i.test(contentType) ? contentType.replace(/charset\s*=\s*(?:"[^"]*"|[^;\s]+)/i, 'charset=utf-8') : `${contentType}; charset=utf-8`;
  const lines = head.split(/\r?\n(?![ \t])/);
  const eol = head.includes('\r\n') ? '\r\n' : '\n';
  const kept = lines.filter((l) => !/^content-(?:type|transfer-encoding)\s*:/i.test(l));
  return [...kept, `Content-Type: ${type}`, 'Content-Transfer-Encoding: 8bit'].filter(Boolean).join(eol);
}

/** Header values may carry links too (List-Unsubscribe, a custom header): the same markers apply. */
function redactHeaderBlock(head: string, phrases: readonly string[]): string {
  const text = Buffer.from(head, 'latin1').toString('utf8');
  const redacted = redactTextForAgents(text, phrases);
  return redacted === text ? head : Buffer.from(redacted, 'utf8').toString('latin1');
}
