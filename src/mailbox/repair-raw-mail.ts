import { isUtf8 } from 'node:buffer';

// Repairs for what real clients send and the decoders get wrong. They change only the bytes the parser reads;
// the stored raw message stays as received.

export const MAX_HEADER_BYTES = 1024 * 1024;

// Labels of GB2312 and GBK. Node's decoder for them is ICU's windows-936, not GB18030 as the Encoding Standard
// says: four-byte sequences (emoji, CJK Extension B) become garbage and some two-byte codes (A2E3 €, FE5x)
// private-use characters; euc-cn is not known at all. Chinese clients label GB18030 text with these, so the
// labels are read as gb18030, a superset.
const GB_LABEL = /^(?:x-)?(?:gb2312|gb_2312(?:-80)?|csgb2312|csiso58gb231280|iso-ir-58|chinese|gbk|cp936|ms936|windows-936|euc-?cn)$/i;
const relabel = (label: string) => (GB_LABEL.test(label) ? 'gb18030' : label);
function relabelHeaders(head: string): string {
  return head
    .replace(/(;\s*charset\s*=\s*"?)([^";\s]+)/gi, (_, pre: string, label: string) => pre + relabel(label)) // Content-Type
    .replace(/(=\?)([^?*\s]+)(?=(?:\*[^?\s]*)?\?[BbQq]\?)/g, (_, pre: string, label: string) => pre + relabel(label)) // RFC 2047
    .replace(/(\*(?:0\*)?\s*=\s*"?)([^'";\s]+)(?=')/g, (_, pre: string, label: string) => pre + relabel(label)); // RFC 2231
}

type HeaderBlock = { start: number; end: number; head: string; noBoundary: boolean; guessedBoundary?: string };
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
      if (token && boundaries.has(token) && !closing) start = next;
    }
    pos = next;
  }
  return blocks;
}

/**
 * Makes the headers readable by the parser: header blocks in raw 8-bit GBK or Big5 (older Chinese clients send
 * them unencoded) are converted to UTF-8, decoded with the charset the message declares or else GB18030; GB
 * labels are read as gb18030; a multipart that never declared its boundary gets the one its body uses, or is
 * read as plain text, so the customer's words are not dropped.
 */
export function repairRaw(raw: Uint8Array): Uint8Array {
  const blocks = headerBlocks(raw);
  if (!blocks) return raw;
  let charset: TextDecoder | undefined;
  const fallbackCharset = () => {
    if (charset) return charset;
    for (const b of blocks) {
      for (const [, label = ''] of b.head.matchAll(/;\s*charset\s*=\s*"?([^";\s]+)/gi)) {
        if (/^(?:utf-?8|us-ascii|ascii)$/i.test(label)) continue;
        try {
          return (charset = new TextDecoder(relabel(label)));
        } catch {
          // not a label the runtime knows: try the next one
        }
      }
    }
    return (charset = new TextDecoder('gb18030'));
  };
  const pieces: Uint8Array[] = [];
  let copied = 0;
  for (const b of blocks) {
    const bytes = raw.subarray(b.start, b.end);
    const utf8 = isUtf8(bytes);
    if (utf8 && !b.noBoundary && !/gb|chinese|936|euc-?cn|iso-ir-58/i.test(b.head)) continue;
    let head = utf8 ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) : fallbackCharset().decode(bytes);
    head = relabelHeaders(head);
    if (b.guessedBoundary) head = head.replace(/^content-type[ \t]*:[^\r\n]*(?:\r*\n[ \t][^\r\n]*)*/im, (ct) => `${ct}; boundary="${b.guessedBoundary}"`);
    else if (b.noBoundary) head = head.replace(/^(content-type[ \t]*:[ \t]*)multipart\/[^;\s]*/im, '$1text/plain');
    const fixed = new TextEncoder().encode(head);
    if (Buffer.compare(fixed, bytes) === 0) continue;
    pieces.push(raw.subarray(copied, b.start), fixed);
    copied = b.end;
  }
  if (!pieces.length) return raw;
  pieces.push(raw.subarray(copied));
  return Buffer.concat(pieces);
}
