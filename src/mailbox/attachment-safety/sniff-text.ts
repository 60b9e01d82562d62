import { isUtf8 } from 'node:buffer';

const GB18030_CHECK_BYTES = 1024 * 1024;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** True when the bytes have the shape of GB18030 (and so of GBK/GB2312) text; a cut-off final sequence is allowed. */
export function looksLikeGb18030(bytes: Uint8Array, limit = GB18030_CHECK_BYTES): boolean {
  const end = Math.min(bytes.length, limit);
  let multiByte = 0;
  let i = 0;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b === 0x80 || b === 0xff) return false;
    if (i + 1 >= end) return end < bytes.length;
    const b2 = bytes[i + 1]!;
    if ((b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0x80 && b2 <= 0xfe)) {
      i += 2;
    } else if (b2 >= 0x30 && b2 <= 0x39) {
      if (i + 3 >= end) return end < bytes.length;
      const b3 = bytes[i + 2]!;
      const b4 = bytes[i + 3]!;
      if (b3 < 0x81 || b3 > 0xfe || b4 < 0x30 || b4 > 0x39) return false;
      i += 4;
    } else {
      return false;
    }
    multiByte++;
  }
  return multiByte > 0;
}

/** Control characters other than tab, line breaks, form feed and escape are rare in text and common in binaries. */
function mostlyPrintable(bytes: Uint8Array, limit: number): boolean {
  const end = Math.min(bytes.length, limit);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control <= end / 100;
}

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** The encoding the bytes are text in, judged on the whole content, or null when they are not text. */
export function textEncodingOf(bytes: Uint8Array): TextEncoding | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.length % 2 === 0 ? 'utf-16le' : null;
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.length % 2 === 0 ? 'utf-16be' : null;
  if (!mostlyPrintable(bytes, 64 * 1024)) return null;
  if (isUtf8(asBuffer(bytes))) return 'utf-8';
  return looksLikeGb18030(bytes) ? 'gb18030' : null;
}

/** The first characters of the bytes as text, whatever the encoding, for looking at markup. */
export function leadingText(bytes: Uint8Array, max = 4096): string {
  const head = bytes.subarray(0, max);
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(head.subarray(2));
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be').decode(head.subarray(2));
  return new TextDecoder('utf-8').decode(head).replace(/^\uFEFF/, '');
}

// The start patterns of the WHATWG MIME Sniffing standard (§7.1): what a browser treats as HTML.
const HTML_START = /^<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)(?:[\s>]|$)/i;
const XML_PROLOGUE = /^(?:<\?xml[^>]*>|<!--[\s\S]*?-->|<!doctype[^>]*>|\s)*/i;

/** 'html', 'svg' or 'xml' when the text is markup a browser would render, else null. */
export function markupTypeOf(text: string): 'html' | 'svg' | 'xml' | null {
  const start = text.replace(/^[\s\uFEFF]+/, '');
  if (!start.startsWith('<')) return null;
  const afterPrologue = start.slice(XML_PROLOGUE.exec(start)?.[0].length ?? 0);
  if (/^<svg[\s>:]/i.test(afterPrologue) || /^<[a-z0-9]+:svg[\s>]/i.test(afterPrologue)) return 'svg';
  if (/^<html[\s>]/i.test(afterPrologue) || /http:\/\/www\.w3\.org\/1999\/xhtml/.test(start.slice(0, 2048))) return 'html';
  if (HTML_START.test(start)) return 'html';
  if (/^<\?xml/i.test(start)) return 'xml';
  return null;
}

const DELIMITERS = [',', '\t', ';', '|'];

/** Text whose first lines split into the same number (two or more) of fields on one delimiter. */
export function looksLikeCsv(text: string): boolean {
  const lines = text.split(/\r?\n/, 11).slice(0, 10).filter((l) => l.trim() !== '');
  if (lines.length < 2) return false;
  return DELIMITERS.some((d) => {
    const counts = lines.map((l) => l.replace(/"[^"]*"/g, '').split(d).length - 1);
    return counts[0]! >= 1 && counts.every((c) => c === counts[0]);
  });
}
