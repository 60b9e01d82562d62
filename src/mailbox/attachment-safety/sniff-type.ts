import type { DetectedType } from './file-types.ts';
import { leadingText, looksLikeCsv, markupTypeOf, textEncodingOf } from './sniff-text.ts';

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

function u32le(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

function u32be(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function indexOfAscii(bytes: Uint8Array, needle: string, within: number): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, within)).indexOf(needle, 0, 'latin1');
}

/** An ISO base media file (HEIC, AVIF, MP4, MOV): its brands say which. */
function isoMediaType(bytes: Uint8Array): DetectedType | null {
  if (!startsWith(bytes, ascii('ftyp'), 4)) return null;
  const boxEnd = Math.min(bytes.length, u32be(bytes, 0), 256);
  const brands: string[] = [];
  for (let at = 8; at + 4 <= boxEnd; at += at === 8 ? 8 : 4) brands.push(String.fromCharCode(...bytes.subarray(at, at + 4)));
  if (brands.some((b) => ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs'].includes(b))) return 'heic';
  if (brands.some((b) => b === 'avif' || b === 'avis')) return 'avif';
  return 'mp4';
}

/** A DOS header whose e_lfanew points at a PE signature, or whose first bytes are binary (plain DOS programs). */
function isWindowsExecutable(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, [0x4d, 0x5a])) return false;
  if (bytes.length >= 0x40) {
    const peAt = u32le(bytes, 0x3c);
    if (peAt + 4 <= bytes.length && startsWith(bytes, [0x50, 0x45, 0, 0], peAt)) return true;
  }
  return bytes.subarray(0, 64).some((b) => b === 0);
}

function magicType(bytes: Uint8Array): DetectedType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 14 && u32le(bytes, 2) === bytes.length) return 'bmp';
  const media = isoMediaType(bytes);
  if (media) return media;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(bytes, ascii('Rar!\x1a\x07'))) return 'rar';
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  if (startsWith(bytes, [0x1f, 0x8b, 0x08])) return 'gzip';
  if (startsWith(bytes, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(bytes, ascii('BZh')) && startsWith(bytes, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 4)) return 'bzip2';
  if (startsWith(bytes, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (startsWith(bytes, ascii('MSCF\0\0\0\0'))) return 'cab';
  if (startsWith(bytes, ascii('ustar'), 257)) return 'tar';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'elf';
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(bytes.length >= 4 ? u32be(bytes, 0) : 0)) return 'macho';
  if (startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe]) || startsWith(bytes, [0xca, 0xfe, 0xba, 0xbf])) {
    // Java class files and universal Mach-O binaries share this magic; a Java major version is at least 45,
    // a universal binary's architecture count is small (the test `file` uses).
    return bytes.length >= 8 && u32be(bytes, 4) < 30 ? 'macho' : 'java-class';
  }
  if (startsWith(bytes, ascii('dex\n')) && bytes[7] === 0) return 'dex';
  if (startsWith(bytes, [0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46])) return 'lnk';
  if (startsWith(bytes, ascii('ITSF'))) return 'chm';
  if (startsWith(bytes, ascii('CD001'), 0x8001)) return 'iso';
  if (isWindowsExecutable(bytes)) return 'pe';
  // Acrobat accepts the header anywhere in the first KiB, and so do attackers.
  if (indexOfAscii(bytes, '%PDF-', 1024) >= 0) return 'pdf';
  return null;
}

/**
 * The type of a file from its bytes alone. `complete` says whether `bytes` is the whole file: text is judged on
 * the whole content, so a prefix (an archive entry's first KiB) can be recognised as anything but plain text.
 */
export function sniffType(bytes: Uint8Array, complete: boolean): DetectedType {
  if (bytes.length === 0) return complete ? 'empty' : 'unknown';
  const magic = magicType(bytes);
  if (magic) return magic;
  const head = leadingText(bytes);
  if (head.startsWith('#!')) return 'script';
  if (head.startsWith('{\\rtf')) return 'rtf';
  const markup = markupTypeOf(head);
  if (markup) return markup;
  if (!complete || !textEncodingOf(bytes)) return 'unknown';
  return looksLikeCsv(head) ? 'csv' : 'text';
}
