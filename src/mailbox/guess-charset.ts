import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

// Charset labels as mail clients write them, and the charset of 8-bit text nobody labelled, judged from evidence:
// valid UTF-8 first, then whichever candidate decoding reads most like text someone wrote.

// Labels of GB2312 and GBK. Node's decoder for them is ICU's windows-936, not GB18030 as the Encoding Standard
// says: four-byte sequences (emoji, CJK Extension B) become garbage and some two-byte codes (A2E3 €, FE5x)
// private-use characters; euc-cn is not known at all. Chinese clients label GB18030 text with these, so the
// labels are read as gb18030, a superset.
const GB_LABEL = /^(?:x-)?(?:gb2312|gb_2312(?:-80)?|csgb2312|csiso58gb231280|iso-ir-58|chinese|gbk|cp936|ms936|windows-936|euc-?cn)$/i;

// Windows code page numbers (cp932, windows-932, ms932, x-cp65001) for the encodings the runtime or iconv-lite has.
const CODE_PAGES: Record<string, string> = {
  '932': 'shift_jis', '936': 'gb18030', '54936': 'gb18030', '949': 'euc-kr', '950': 'big5', '874': 'windows-874',
  '65001': 'utf-8', '65000': 'utf-7', '20866': 'koi8-r', '21866': 'koi8-u', '20127': 'windows-1252', '1200': 'utf-16le',
  '1201': 'utf-16be', '51932': 'euc-jp', '50220': 'iso-2022-jp', '50221': 'iso-2022-jp', '50222': 'iso-2022-jp',
  '28591': 'windows-1252', '28592': 'iso-8859-2', '28595': 'iso-8859-5', '28597': 'iso-8859-7', '28599': 'windows-1254',
  '28605': 'iso-8859-15', '1250': 'windows-1250', '1251': 'windows-1251', '1252': 'windows-1252', '1253': 'windows-1253',
  '1254': 'windows-1254', '1255': 'windows-1255', '1256': 'windows-1256', '1257': 'windows-1257', '1258': 'windows-1258',
};
const UTF7_LABEL = /^(?:x-)?(?:unicode-?(?:1-?1|2-?0)-?)?utf-?7$|^csunicode11utf7$/;

// Decoders by label (null: the runtime has none). A message can make up labels, so the cache stops growing at a
// bound; building a TextDecoder costs more than most decodes, and a header can hold thousands of words.
const MAX_CACHED = 512;
const decoders = new Map<string, TextDecoder | null>();
function runtimeDecoder(label: string): TextDecoder | null {
  let decoder = decoders.get(label);
  if (decoder !== undefined) return decoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = null; // not a label of the Encoding Standard, or the replacement encoding (iso-2022-kr, hz-gb-2312)
  }
  if (decoders.size < MAX_CACHED) decoders.set(label, decoder);
  return decoder;
}

function runtimeEncoding(label: string): string | null {
  const encoding = runtimeDecoder(label)?.encoding ?? null;
  return encoding === 'gbk' ? 'gb18030' : encoding;
}

const canonicals = new Map<string, string | null>();

/**
 * The encoding a charset label names: an Encoding Standard name (what TextDecoder calls it), an encoding only
 * iconv-lite has (utf-7, cp437, …), or null when the label names nothing we can decode. Tolerates what clients
 * write: quotes, case, `x-` and `cs` prefixes, missing separators, code page numbers.
 */
export function canonicalCharset(label: string | null | undefined): string | null {
  const key = label ?? '';
  if (key.length > 64) return null; // no charset has a name that long
  let charset = canonicals.get(key);
  if (charset !== undefined) return charset;
  charset = canonicalOf(key);
  if (canonicals.size < MAX_CACHED) canonicals.set(key, charset);
  return charset;
}

function canonicalOf(label: string): string | null {
  const l = label.trim().replace(/^["']+|["';,]+$/g, '').trim().toLowerCase();
  if (!l) return null;
  if (UTF7_LABEL.test(l)) return 'utf-7';
  if (GB_LABEL.test(l)) return 'gb18030';
  const direct = runtimeEncoding(l);
  if (direct) return direct;
  const bare = l.replace(/^(?:x-ms-|x-|cs)/, '');
  const number = /^(?:cp|windows|ms|ibm|code-?page)?[-_ ]?(\d{3,5})$/.exec(bare)?.[1];
  if (number && CODE_PAGES[number]) return CODE_PAGES[number]!;
  for (const variant of [bare, bare.replace(/[\s._-]+/g, ''), bare.replace(/^iso[-_ ]?(8859)[-_ ]?(\d+)(?:[-_ ]?[ie])?$/, 'iso-$1-$2')]) {
    const found = runtimeEncoding(variant);
    if (found) return found;
  }
  if (/^(?:big5|big5hkscs)/.test(bare.replace(/[\s._-]+/g, ''))) return 'big5';
  return iconv.encodingExists(l) ? l : iconv.encodingExists(bare) ? bare : null;
}

/** Whether the runtime's TextDecoder (and so the MIME parser) decodes this canonical charset itself. */
export function runtimeDecodes(charset: string): boolean {
  return runtimeEncoding(charset) !== null;
}

/**
 * Text from bytes in a canonical charset, as the customer meant it: windows-1252 as Windows means it (Node reads
 * it as Latin-1), Big5 as Big5-HKSCS, and what only iconv-lite knows (UTF-7) through iconv-lite.
 */
export function decodeCharset(bytes: Uint8Array, charset: string): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (charset === 'windows-1252') return iconv.decode(buffer, 'windows-1252');
  if (charset === 'big5') return iconv.decode(buffer, 'big5hkscs');
  return runtimeDecoder(charset)?.decode(buffer) ?? iconv.decode(buffer, charset);
}

// What each BMP character is, for scoring: a kind, its case, its script and whether it is a common ideograph.
const KIND = 0xf;
const [ASCII, BAD, HAN, KANA, HALF_WIDTH_KANA, HANGUL, LETTER, MARK, OTHER] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const UPPER = 1 << 4;
const LOWER = 1 << 5;
const COMMON_HAN = 1 << 6;
const SPACE = 1 << 7;
const SCRIPT_SHIFT = 8; // 0 none, 1 Latin, 2 Cyrillic, 3 Greek, 4 Han, 5 any other
// What real text puts between words: Western typography, and CJK punctuation and full-width forms.
const COMMON_MARKS_ALL = /[\u00a0¡¢£¥§©«®°±µ·»¿\u2010-\u2027\u2030-\u203a€™½¼¾\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/gu;

let table: Uint16Array | undefined;
function classTable(): Uint16Array {
  if (table) return table;
  const t = new Uint16Array(0x10000);
  // Every BMP character but the surrogates, each property found in one pass over them all.
  const all = String.fromCharCode(...Array.from({ length: 0xd800 }, (_, i) => i)) + String.fromCharCode(...Array.from({ length: 0x2000 }, (_, i) => 0xe000 + i));
  const each = (re: RegExp, f: (code: number) => void) => {
    for (const m of all.matchAll(re)) f(m[0].charCodeAt(0));
  };
  const kinds = new Uint8Array(0x10000).fill(OTHER);
  each(/[\p{L}]/gu, (c) => (kinds[c] = LETTER));
  kinds[0xaa] = kinds[0xba] = OTHER; // ª and º are letters to Unicode, ordinal signs in text
  each(COMMON_MARKS_ALL, (c) => (kinds[c] = MARK));
  for (let c = 0x3040; c <= 0x30ff; c++) kinds[c] = KANA;
  for (let c = 0xff61; c <= 0xff9f; c++) kinds[c] = HALF_WIDTH_KANA;
  for (let c = 0xac00; c <= 0xd7a3; c++) kinds[c] = HANGUL;
  for (let c = 0x3130; c <= 0x318f; c++) kinds[c] = HANGUL;
  each(/\p{Script=Han}/gu, (c) => (kinds[c] = HAN));
  each(/[\p{Cc}\p{Co}\p{Cn}]/gu, (c) => (kinds[c] = BAD));
  for (let c = 0xd800; c <= 0xdfff; c++) kinds[c] = BAD; // a lone surrogate
  kinds[0xfffd] = BAD;
  for (let c = 0; c < 0x80; c++) kinds[c] = c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d ? ASCII : BAD;
  for (let c = 0; c < 0x10000; c++) t[c] = kinds[c]!;
  each(/\p{Lu}/gu, (c) => (t[c]! |= UPPER));
  each(/\p{Ll}/gu, (c) => (t[c]! |= LOWER));
  each(/\s/gu, (c) => (t[c]! |= SPACE));
  each(/\p{L}/gu, (c) => (t[c]! |= 5 << SCRIPT_SHIFT));
  for (const [script, re] of [[1, /\p{Script=Latin}/gu], [2, /\p{Script=Cyrillic}/gu], [3, /\p{Script=Greek}/gu], [4, /\p{Script=Han}/gu]] as const) {
    each(re, (c) => (t[c] = (t[c]! & ~(7 << SCRIPT_SHIFT)) | (script << SCRIPT_SHIFT)));
  }
  // The Han characters people write most: GB2312 level 1, Big5's frequently used set and JIS level 1, taken from
  // the decoders themselves. A wrong decoding of Latin text as pairs lands mostly outside them.
  const common = (charset: string, leads: [number, number], trails: [number, number][], stop = 0xffff) => {
    const bytes: number[] = [];
    for (let lead = leads[0]; lead <= leads[1]; lead++) {
      for (const [from, to] of trails) {
        for (let trail = from; trail <= to && ((lead << 8) | trail) <= stop; trail++) bytes.push(lead, trail);
      }
    }
    for (const ch of iconv.decode(Buffer.from(bytes), charset)) {
      const code = ch.charCodeAt(0);
      if (ch.length === 1 && (t[code]! & KIND) === HAN) t[code]! |= COMMON_HAN;
    }
  };
  common('gb18030', [0xb0, 0xd7], [[0xa1, 0xfe]]);
  common('big5', [0xa4, 0xc6], [[0x40, 0x7e], [0xa1, 0xfe]], 0xc67e);
  common('shift_jis', [0x88, 0x98], [[0x40, 0x7e], [0x80, 0xfc]], 0x9872);
  return (table = t);
}

function classOf(code: number, t: Uint16Array): number {
  if (code < 0x10000) return t[code]!;
  if (code >= 0x20000 && code <= 0x3ffff) return HAN | (4 << SCRIPT_SHIFT); // CJK extensions B and later
  if (code >= 0x1f000 && code <= 0x1faff) return MARK; // emoji
  return code >= 0xf0000 ? BAD : OTHER;
}

const isAsciiLetter = (code: number) => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
const scriptOf = (bits: number) => bits >> SCRIPT_SHIFT;

/**
 * How much a decoded text reads like something a person wrote: each non-ASCII character scores by what it is
 * and where it stands. Undecodable bytes, controls and private-use characters cost most; a lone ideograph
 * inside a Latin word (Fr鰏che: ö and the s after it read as one GB18030 pair) and runs of accented capitals
 * and symbols (ÄãºÃ: Chinese read as Latin-1) cost too; common ideographs, kana and letters in words of one
 * script earn.
 */
export function plausibility(text: string): number {
  const t = classTable();
  let score = 0;
  let prevCode = -1;
  let prev = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const step = code > 0xffff ? 2 : 1;
    const bits = classOf(code, t);
    const kind = bits & KIND;
    if (kind !== ASCII) {
      const nextCode = i + step < text.length ? text.codePointAt(i + step)! : -1;
      const next = nextCode < 0 ? 0 : classOf(nextCode, t);
      const insideLatinWord = isAsciiLetter(prevCode) && isAsciiLetter(nextCode);
      if (kind === BAD) score -= 8;
      else if (kind === HAN) score += (bits & COMMON_HAN ? 2 : -1) - (insideLatinWord ? 4 : 0);
      else if (kind === KANA) score += 2;
      else if (kind === HALF_WIDTH_KANA) score -= 1; // real in Japanese bank exports, rare elsewhere
      else if (kind === HANGUL) score += 2 - (insideLatinWord ? 4 : 0);
      else if (kind === LETTER) {
        let s = 1;
        const script = scriptOf(bits);
        if (script === 1 && prevCode >= 0x80 && scriptOf(prev)) s -= 2; // a run of accented letters
        if ((scriptOf(prev) && scriptOf(prev) !== script) || (scriptOf(next) && scriptOf(next) !== script)) s -= 3;
        if (bits & UPPER && prev & LOWER) s -= 2;
        score += s;
      } else if (kind === MARK) score += 0.5;
      else score -= 1.5;
      // Marks and accented letters come one at a time in Western text; glued together (»§°) they are pairs of
      // CJK bytes read one by one.
      if (kind !== LETTER && code < 0x2e80 && prevCode >= 0x80 && prevCode < 0x2e80 && !(prev & SPACE)) score -= 1.5;
    }
    prevCode = code;
    prev = bits;
    i += step;
  }
  return score;
}

const SAMPLE_BYTES = 16 * 1024;

/**
 * Whether bytes labelled UTF-8 are mostly something else (Latin-1 and GBK sent under a UTF-8 label form almost
 * no valid sequences), rather than UTF-8 with some damage, which stays UTF-8 so what is readable stays so.
 */
export function mostlyNotUtf8(bytes: Uint8Array): boolean {
  let valid = 0;
  let invalid = 0;
  const end = Math.min(bytes.length, SAMPLE_BYTES);
  for (let i = 0; i < end; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need >= 0;
    for (let k = 1; ok && k <= need; k++) ok = i + k < end && (bytes[i + k]! & 0xc0) === 0x80;
    if (need > 0 && ok) valid++;
    if (!ok) invalid++;
    i += ok ? need + 1 : 1;
  }
  return invalid > 0 && valid * 4 < invalid;
}

/** The first 16 KiB, cut after an ASCII byte so no multi-byte character is split: enough to judge by. */
export function sampleOf(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= SAMPLE_BYTES) return bytes;
  let end = SAMPLE_BYTES;
  while (end > SAMPLE_BYTES - 16 && bytes[end - 1]! >= 0x80) end--;
  return bytes.subarray(0, end);
}

// A charset the message declares elsewhere counts for something, more the more there is to read: the same
// client most likely wrote the unlabelled bytes.
const declaredBonus = (highBytes: number) => 3 + 0.2 * highBytes;
// What an unlabelled 8-bit text most often is, in this order on a tie: our customers write Chinese and English.
const DEFAULT_CANDIDATES = ['gb18030', 'windows-1252'];
const CANNOT_BE_8BIT = new Set(['utf-7', 'utf-16le', 'utf-16be', 'iso-2022-jp']);

export type Decoding = { charset: string; text: string; score: number };

/** The candidate whose decoding of the bytes reads best (the first on a tie), with `bonus` added per charset. */
export function bestDecoding(bytes: Uint8Array, candidates: Iterable<string>, bonus: (charset: string) => number = () => 0): Decoding {
  let best: Decoding | undefined;
  for (const charset of candidates) {
    const text = decodeCharset(bytes, charset);
    const score = plausibility(text) + bonus(charset);
    if (!best || score > best.score) best = { charset, text, score };
  }
  return best ?? { charset: 'utf-8', text: decodeCharset(bytes, 'utf-8'), score: 0 };
}

/** How many characters of a decoded text stand for bytes that were not text: replacement, control, private use. */
export function undecodableCount(text: string): number {
  const t = classTable();
  let count = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    if ((classOf(code, t) & KIND) === BAD && code !== 0x0c && code !== 0x1b) count++;
    i += code > 0xffff ? 2 : 1;
  }
  return count;
}

/**
 * The canonical charset unlabelled (or wrongly labelled) bytes are most likely in, always one the runtime's
 * TextDecoder has. `declared` are the labels the message uses elsewhere (other parts, encoded words), the
 * strongest evidence after the bytes themselves.
 */
export function guessCharset(bytes: Uint8Array, declared: readonly string[] = []): string {
  const sample = sampleOf(bytes);
  const buffer = Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength);
  if (isUtf8(buffer)) {
    // ISO-2022-JP is 7-bit: its escape sequences are the only sign of it.
    return /\x1b\$[@B]|\x1b\(J/.test(buffer.toString('latin1')) ? 'iso-2022-jp' : 'utf-8';
  }
  const hints = new Set<string>();
  for (const label of declared) {
    const charset = canonicalCharset(label);
    if (charset && charset !== 'utf-8' && !CANNOT_BE_8BIT.has(charset) && runtimeDecodes(charset)) hints.add(charset);
  }
  let highBytes = 0;
  for (const b of sample) if (b >= 0x80) highBytes++;
  return bestDecoding(sample, new Set(['utf-8', ...hints, ...DEFAULT_CANDIDATES]), (c) => (hints.has(c) ? declaredBonus(highBytes) : 0)).charset;
}
