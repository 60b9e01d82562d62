import { isUtf8 } from 'node:buffer';
import { canonicalCharset, decodeCharset, guessCharset, runtimeDecodes } from './guess-charset.ts';

// RFC 2047 encoded words as real clients write them, put right before the parser sees them: raw 8-bit bytes
// inside a word, characters split across words the parser will not join (padded base64, Q next to B, labels
// spelt differently), charsets the runtime cannot decode (UTF-7) and labels nobody knows. Such a run of words
// becomes one UTF-8 word with the text it meant; every other word is left as it was.

// On a Latin-1 view of the header bytes, so each character is one byte.
const WORD = /=\?([!->@-~]+?)\?([QqBb])\?([^?]*)\?=/g;
const BETWEEN_WORDS = /^[ \t\r\n]*$/;

type Word = { start: number; end: number; label: string; encoding: 'Q' | 'B'; text: string };
type Piece = { bytes: Buffer; literal: boolean };

/** A word's bytes, in pieces: what Q or B encoded, and raw 8-bit bytes a client put in as they were. */
function piecesOf(word: Word): Piece[] {
  if (word.encoding === 'B') return [{ bytes: Buffer.from(word.text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64'), literal: false }];
  const pieces: Piece[] = [];
  let encoded = '';
  const flush = () => {
    if (encoded) pieces.push({ bytes: Buffer.from(encoded, 'latin1'), literal: false });
    encoded = '';
  };
  const text = word.text.replace(/=[ \t]+([0-9A-Fa-f])/g, '=$1');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      let j = i;
      while (j < text.length && text.charCodeAt(j) >= 0x80) j++;
      flush();
      pieces.push({ bytes: Buffer.from(text.slice(i, j), 'latin1'), literal: true });
      i = j - 1;
    } else if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      encoded += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      encoded += c === 0x5f ? ' ' : text[i];
    }
  }
  flush();
  return pieces;
}

const charsetOfLabel = (label: string) => canonicalCharset(label.split('*')[0]);

/** Runs of words separated only by folding whitespace: the unit a split character can span. */
function runsOf(head: string): Word[][] {
  const runs: Word[][] = [];
  let run: Word[] = [];
  for (const m of head.matchAll(WORD)) {
    const word: Word = { start: m.index, end: m.index + m[0].length, label: m[1]!, encoding: m[2]!.toUpperCase() as 'Q' | 'B', text: m[3]! };
    const last = run[run.length - 1];
    if (last && !BETWEEN_WORDS.test(head.slice(last.end, word.start))) {
      runs.push(run);
      run = [];
    }
    run.push(word);
  }
  if (run.length) runs.push(run);
  return runs;
}

const countBad = (s: string) => (s.match(/\ufffd/g) ?? []).length;

/**
 * The text of a run of words, and whether the parser would get it wrong. Adjacent words in one charset are
 * decoded together, so a character split between them comes out whole.
 */
function decodeRun(run: Word[], declared: readonly string[]): { text: string; needsRepair: boolean } {
  const piecesOfWords = run.map(piecesOf);
  const unknownBytes = Buffer.concat(run.flatMap((w, i) => (charsetOfLabel(w.label) ? [] : piecesOfWords[i]!.map((p) => p.bytes))));
  const guessed = unknownBytes.length ? guessCharset(unknownBytes, declared) : 'utf-8';
  let needsRepair = false;
  let text = '';
  const words: { bytes: Buffer; charset: string }[] = [];
  let group: { charset: string; bytes: Buffer[] } | null = null;
  const close = () => {
    if (group) text += decodeCharset(Buffer.concat(group.bytes), group.charset);
    group = null;
  };
  for (const [i, word] of run.entries()) {
    const charset = charsetOfLabel(word.label) ?? guessed;
    if (!charsetOfLabel(word.label) || !runtimeDecodes(charset)) needsRepair = true;
    const pieces = piecesOfWords[i]!;
    words.push({ bytes: Buffer.concat(pieces.map((p) => p.bytes)), charset });
    for (const piece of pieces) {
      if (!piece.literal) {
        if (group && group.charset !== charset) close();
        (group ??= { charset, bytes: [] }).bytes.push(piece.bytes);
        continue;
      }
      needsRepair = true;
      // Raw bytes in a word: UTF-8 when they are (a gateway converted the header and kept the label), else bytes
      // of the word's charset, else whatever they read best as.
      const literalCharset = isUtf8(piece.bytes) ? 'utf-8' : charset !== 'utf-8' ? charset : guessCharset(piece.bytes, declared);
      if (literalCharset === charset) {
        if (group && group.charset !== charset) close();
        (group ??= { charset, bytes: [] }).bytes.push(piece.bytes);
      } else {
        close();
        text += decodeCharset(piece.bytes, literalCharset);
      }
    }
  }
  close();
  // Words the parser decodes one by one come out broken where a character spans two of them.
  if (!needsRepair && run.length > 1) needsRepair = countBad(words.map((w) => decodeCharset(w.bytes, w.charset)).join('')) > countBad(text);
  return { text, needsRepair };
}

/** Whether the parser decodes the run right by itself: known labels, no raw bytes, words it joins or need no join. */
function parserReadsRight(run: Word[]): boolean {
  const [first] = run;
  return run.every((w, i) => {
    if (/[\x80-\xff]/.test(w.text)) return false;
    const charset = charsetOfLabel(w.label);
    if (!charset || !runtimeDecodes(charset)) return false;
    if (i === run.length - 1) return i === 0 || (w.label === first!.label && w.encoding === first!.encoding);
    return w.label === first!.label && w.encoding === first!.encoding && (w.encoding === 'Q' || (w.text.length % 4 === 0 && !w.text.endsWith('=')));
  });
}

/**
 * The header bytes (a Latin-1 view) with every run of encoded words the parser would misread replaced by one
 * UTF-8 word; unchanged when there is none.
 */
export function repairEncodedWords(head: string, declared: readonly string[]): string {
  if (!head.includes('=?')) return head;
  let out = '';
  let copied = 0;
  for (const run of runsOf(head)) {
    if (parserReadsRight(run)) continue;
    const { text, needsRepair } = decodeRun(run, declared);
    if (!needsRepair) continue;
    out += head.slice(copied, run[0]!.start) + `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
    copied = run[run.length - 1]!.end;
  }
  return copied ? out + head.slice(copied) : head;
}
