import { isUtf8 } from 'node:buffer';
import { bestDecoding, decodeCharset, sampleOf, undecodableCount } from '../guess-charset.ts';

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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

// The legacy charsets text files reach us in, besides GB18030: Windows' Western, Cyrillic and Far East code
// pages, and the Unix ones. Single-byte charsets decode any bytes, so what tells text from binary is whether the
// decoding reads like text (see plausibility), on top of the absence of NULs and controls.
const LEGACY_TEXT_CHARSETS = ['gb18030', 'big5', 'shift_jis', 'euc-kr', 'windows-1252', 'windows-1251', 'koi8-r'];
// On average a wrong decoding of non-text costs more than this per non-ASCII character; text, even with a few
// odd symbols (m², 1º), costs less.
const WORST_AVERAGE_SCORE = -2;

/**
 * The canonical charset of text that is neither UTF-8 nor UTF-16 (a Latin-1 or Windows-1252 CSV, a Shift_JIS or
 * Big5 note), or null when no candidate decodes the bytes cleanly into something that reads like text.
 */
function legacyTextCharset(bytes: Uint8Array): string | null {
  const sample = sampleOf(bytes);
  const { charset, text, score } = bestDecoding(sample, LEGACY_TEXT_CHARSETS);
  const nonAscii = (text.match(/[^\x00-\x7f]/g) ?? []).length;
  if (undecodableCount(text) > Math.floor(nonAscii / 1000)) return null;
  return score >= WORST_AVERAGE_SCORE * nonAscii ? charset : null;
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | (string & {});

/** The encoding the bytes are text in, judged on the whole content, or null when they are not text. */
export function textEncodingOf(bytes: Uint8Array): TextEncoding | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.length % 2 === 0 ? 'utf-16le' : null;
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.length % 2 === 0 ? 'utf-16be' : null;
  if (!mostlyPrintable(bytes, 64 * 1024)) return null;
  if (isUtf8(asBuffer(bytes))) return 'utf-8';
  return legacyTextCharset(bytes);
}

/**
 * The first `maxBytes` of a text file as text, decoded from the encoding the whole file is in (a Latin-1 CSV is
 * not read as UTF-8); null when it is not text.
 */
export function decodeTextFile(bytes: Uint8Array, maxBytes = bytes.length): string | null {
  const encoding = textEncodingOf(bytes);
  if (!encoding) return null;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return new TextDecoder(encoding).decode(bytes.subarray(2, 2 + maxBytes));
  return decodeCharset(bytes.subarray(0, maxBytes), encoding).replace(/^\uFEFF/, '');
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
