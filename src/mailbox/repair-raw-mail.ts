import { isUtf8 } from 'node:buffer';
import { canonicalCharset, guessCharset, runtimeDecodes } from './guess-charset.ts';
import { repairEncodedWords } from './repair-encoded-words.ts';
import { repairPartBody } from './repair-part-body.ts';

// Repairs for what real clients send and the decoders get wrong. They change only the bytes the parser reads;
// the stored raw message stays as received.

export const MAX_HEADER_BYTES = 1024 * 1024;

// A label the runtime would read otherwise than the client meant is replaced by the encoding it names: GB2312 and
// GBK labels (and cp936, euc-cn) by gb18030, their superset, as Node's windows-936 decoder garbles the four-byte
// sequences Chinese clients send under them; code page numbers and misspellings by their Encoding Standard name.
function relabel(label: string): string {
  const charset = canonicalCharset(label);
  if (!charset || !runtimeDecodes(charset)) return label;
  let runtime: string | null = null;
  try {
    runtime = new TextDecoder(label.trim()).encoding;
  } catch {
    // not a label the runtime knows
  }
  return runtime === charset ? label : charset;
}

function relabelHeaders(head: string): string {
  return head
    .replace(/(;\s*charset\s*=\s*"?)([^";\s]+)/gi, (_, pre: string, label: string) => pre + relabel(label)) // Content-Type
    .replace(/(=\?)([^?*\s]+)(?=(?:\*[^?\s]*)?\?[BbQq]\?)/g, (_, pre: string, label: string) => pre + relabel(label)) // RFC 2047
    .replace(/(\*(?:0\*)?[ \t]*=[ \t]*"?)([^'";\s]{1,64})(?=')/g, (_, pre: string, label: string) => pre + relabel(label)); // RFC 2231
}

// `body` is where a leaf part's body lies (not a multipart's, nor an embedded message's: their parts have blocks).
type HeaderBlock = { start: number; end: number; head: string; noBoundary: boolean; guessedBoundary?: string; body?: { start: number; end: number } };
const latin1 = (raw: Uint8Array, start: number, end: number) => Buffer.from(raw.buffer, raw.byteOffset + start, end - start).toString('latin1');

/**
 * The header blocks of a message and of its parts, found the way postal-mime reads them (lines end at LF, a
 * part starts after a `--boundary` line of a declared boundary, an unencoded message/rfc822 body starts with
 * headers). Undefined when the headers are over the limit, which the parser refuses anyway.
 */
function headerBlocks(raw: Uint8Array): HeaderBlock[] | undefined {
  const blocks: HeaderBlock[] = [];
  const boundaries = new Set<string>();
  let start: number | null = 0; // where the header block being read began; null inside a body
  let guessing: HeaderBlock | undefined; // a multipart that declared no boundary: its first delimiter-like line names it
  let leaf: HeaderBlock | undefined; // the leaf part whose body is being read
  let headerBytes = 0;
  for (let pos = 0; pos <= raw.length; ) {
    const lf = raw.indexOf(0x0a, pos);
    const next = lf < 0 ? raw.length + 1 : lf + 1;
    let end = lf < 0 ? raw.length : lf;
    while (end > pos && raw[end - 1] === 0x0d) end--;
    if (start !== null) {
      if (end === pos || lf < 0) {
        const blockEnd = lf < 0 ? raw.length : pos;
        headerBytes += blockEnd - start;
        if (headerBytes > MAX_HEADER_BYTES) return undefined;
        const head = latin1(raw, start, blockEnd);
        const unfolded = head.replace(/\r*\n[ \t]/g, ' ');
        const contentType = /^content-type[ \t]*:[ \t]*([^\r\n]*)/im.exec(unfolded)?.[1] ?? '';
        const type = (/^[^;\s]*/.exec(contentType)?.[0] ?? '').toLowerCase();
        const boundary = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
        const encoding = /^content-transfer-encoding[ \t]*:[ \t]*([\w-]*)/im.exec(unfolded)?.[1]?.toLowerCase();
        const block: HeaderBlock = { start, end: blockEnd, head, noBoundary: type.startsWith('multipart/') && !boundary };
        blocks.push(block);
        if (block.noBoundary) guessing ??= block;
        if (type.startsWith('multipart/') && boundary) boundaries.add(boundary[1] ?? boundary[2] ?? '');
        const embedded = (type === 'message/rfc822' || type === 'message/global') && encoding !== 'base64' && encoding !== 'quoted-printable';
        start = embedded ? next : null;
        leaf = !embedded && !type.startsWith('multipart/') && lf >= 0 ? block : undefined;
        if (leaf) leaf.body = { start: next, end: raw.length };
      }
    } else if (raw[pos] === 0x2d && raw[pos + 1] === 0x2d) {
      let token = latin1(raw, pos + 2, end).replace(/[ \t]+$/, '');
      const closing = !boundaries.has(token) && token.endsWith('--');
      if (closing) token = token.slice(0, -2);
      if (guessing && !boundaries.has(token) && /^[\w'()+,./:=? -]{0,69}[\w'()+,./:=?-]$/.test(token)) {
        guessing.guessedBoundary = token; // RFC 2046 bchars
        boundaries.add(token);
        guessing = undefined;
      }
      if (token && boundaries.has(token)) {
        // The line break before a delimiter belongs to the delimiter, not to the body it ends.
        if (leaf?.body) leaf.body.end = Math.max(leaf.body.start, pos - (raw[pos - 1] === 0x0a ? (raw[pos - 2] === 0x0d ? 2 : 1) : 0));
        leaf = undefined;
        if (!closing) start = next;
      }
    }
    pos = next;
  }
  return blocks;
}

/** Every charset label the message uses, in Content-Type parameters, encoded words and RFC 2231 values. */
function declaredCharsets(blocks: HeaderBlock[]): string[] {
  const labels = new Set<string>();
  for (const b of blocks) {
    // Labels are short: the bounded runs keep this linear on a header made of near-matches.
    for (const m of b.head.matchAll(/;[ \t]*charset[ \t]*=[ \t]*"?([^";\s]{1,64})|=\?([^?*\s]{1,64})(?:\*[^?\s]{0,64})?\?[BbQq]\?|\*(?:0\*)?[ \t]*=[ \t]*"?([^'";\s]{1,64})'/gi)) {
      labels.add((m[1] ?? m[2] ?? m[3] ?? '').toLowerCase());
    }
  }
  return [...labels];
}

/**
 * Makes the message readable by the parser. Headers: encoded words it would misread are rewritten (see
 * repair-encoded-words.ts); header blocks in raw 8-bit (older clients send names and subjects unencoded) are
 * converted to UTF-8 from the charset their bytes show, with the charsets the message declares as evidence;
 * labels the runtime would misread are replaced by the encoding they name; a multipart that never declared its
 * boundary gets the one its body uses, or is read as plain text, so the customer's words are not dropped.
 * Bodies: see repair-part-body.ts.
 */
export function repairRaw(raw: Uint8Array): Uint8Array {
  const blocks = headerBlocks(raw);
  if (!blocks) return raw;
  const declared = declaredCharsets(blocks);
  const pieces: Uint8Array[] = [];
  let copied = 0;
  for (const b of blocks) {
    const original = raw.subarray(b.start, b.end);
    let repaired: ReturnType<typeof repairBlock>;
    try {
      repaired = repairBlock(raw, b, declared);
    } catch {
      continue; // a repair is a best effort: a part it cannot handle is parsed as it came, never lost
    }
    const { fixed, body } = repaired;
    if (Buffer.compare(fixed, original) !== 0) {
      pieces.push(raw.subarray(copied, b.start), fixed);
      copied = b.end;
    }
    if (body && b.body) {
      pieces.push(raw.subarray(copied, b.body.start), body);
      copied = b.body.end;
    }
  }
  if (!pieces.length) return raw;
  pieces.push(raw.subarray(copied));
  return Buffer.concat(pieces);
}

/** The repaired bytes of one header block, and of its body when that needed repair too. */
function repairBlock(raw: Uint8Array, b: HeaderBlock, declared: string[]): { fixed: Uint8Array; body: Uint8Array | null } {
  const original = raw.subarray(b.start, b.end);
  const words = repairEncodedWords(b.head, declared);
  const bytes = words === b.head ? original : Buffer.from(words, 'latin1');
  let head = isUtf8(bytes) ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) : new TextDecoder(guessCharset(bytes, declared)).decode(bytes);
  head = relabelHeaders(head);
  if (b.guessedBoundary) head = head.replace(/^content-type[ \t]*:[^\r\n]*(?:\r*\n[ \t][^\r\n]*)*/im, (ct) => `${ct}; boundary="${b.guessedBoundary}"`);
  else if (b.noBoundary) head = head.replace(/^(content-type[ \t]*:[ \t]*)multipart\/[^;\s]*/im, '$1text/plain');
  const body = b.body ? repairPartBody(head, raw.subarray(b.body.start, b.body.end), declared) : null;
  if (body) head = body.head;
  return { fixed: new TextEncoder().encode(head), body: body?.body ?? null };
}
