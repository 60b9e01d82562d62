import { isUtf8 } from 'node:buffer';

export class ZipFormatError extends Error {}

export type ZipEntry = {
  /** The name as stored, and the Info-ZIP Unicode path when the archive carries one that differs. */
  names: string[];
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
  /** Where the entry's data starts, past its local header. */
  dataOffset: number;
  /**
   * The sizes the local header claims, which extractors that stream an archive trust instead of the directory's;
   * null when the entry keeps them in a data descriptor after its data (flag bit 3).
   */
  localSizes: { compressedSize: number; uncompressedSize: number } | null;
};

export type ZipListing = { entryCount: number; entries: ZipEntry[] };

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const FLAG_UTF8 = 1 << 11;
const FLAG_DATA_DESCRIPTOR = 1 << 3;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(dv: DataView, at: number): number {
  const value = dv.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('a ZIP64 size or offset is out of range');
  return Number(value);
}

function decodeName(raw: Uint8Array, flags: number): string {
  if (flags & FLAG_UTF8 || isUtf8(raw)) return new TextDecoder('utf-8').decode(raw);
  // Archivers on Chinese Windows write names in the ANSI code page (GBK) without saying so.
  try {
    return new TextDecoder('gb18030', { fatal: true }).decode(raw);
  } catch {
    return new TextDecoder('latin1').decode(raw);
  }
}

function findEndOfCentralDirectory(dv: DataView): number {
  const last = dv.byteLength - 22;
  const first = Math.max(0, last - 0xffff);
  for (let at = last; at >= first; at--) {
    if (dv.getUint32(at, true) === EOCD && at + 22 + dv.getUint16(at + 20, true) <= dv.byteLength) return at;
  }
  throw new ZipFormatError('no end-of-central-directory record');
}

/**
 * Reads a ZIP's central directory and checks each entry's local header, without decompressing anything. Declared
 * sizes come from the central directory (ZIP64 included), which is what extractors trust. When the archive lists
 * more than `maxEntries`, only the count is returned, so a listing of millions is never walked.
 */
export function readZipListing(bytes: Uint8Array, maxEntries: number): ZipListing {
  const dv = view(bytes);
  if (dv.byteLength < 22) throw new ZipFormatError('too short to be a ZIP archive');
  const eocd = findEndOfCentralDirectory(dv);
  let entryCount = dv.getUint16(eocd + 10, true);
  let cdSize = dv.getUint32(eocd + 12, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || dv.getUint32(locator, true) !== ZIP64_LOCATOR) throw new ZipFormatError('ZIP64 locator missing');
    const record = u64(dv, locator + 8);
    if (record + 56 > dv.byteLength || dv.getUint32(record, true) !== ZIP64_EOCD) throw new ZipFormatError('ZIP64 directory record missing');
    entryCount = u64(dv, record + 32);
    cdSize = u64(dv, record + 40);
    cdOffset = u64(dv, record + 48);
  }
  if (cdOffset + cdSize > dv.byteLength) throw new ZipFormatError('central directory lies outside the file');
  if (entryCount > maxEntries) return { entryCount, entries: [] };

  const entries: ZipEntry[] = [];
  const cdEnd = cdOffset + cdSize;
  let at = cdOffset;
  for (let i = 0; i < entryCount; i++) {
    if (at + 46 > cdEnd || dv.getUint32(at, true) !== CENTRAL) throw new ZipFormatError('central directory is truncated');
    const flags = dv.getUint16(at + 8, true);
    const method = dv.getUint16(at + 10, true);
    let compressedSize = dv.getUint32(at + 20, true);
    let uncompressedSize = dv.getUint32(at + 24, true);
    const nameLength = dv.getUint16(at + 28, true);
    const extraLength = dv.getUint16(at + 30, true);
    const commentLength = dv.getUint16(at + 32, true);
    let localOffset = dv.getUint32(at + 42, true);
    const nameAt = at + 46;
    const extraAt = nameAt + nameLength;
    const next = extraAt + extraLength + commentLength;
    if (next > cdEnd) throw new ZipFormatError('central directory is truncated');
    const names = [decodeName(bytes.subarray(nameAt, extraAt), flags)];
    for (let x = extraAt; x + 4 <= extraAt + extraLength; ) {
      const id = dv.getUint16(x, true);
      const size = dv.getUint16(x + 2, true);
      const body = x + 4;
      if (body + size > extraAt + extraLength) break;
      if (id === 0x0001) {
        let field = body;
        const take = (): number => {
          if (field + 8 > body + size) throw new ZipFormatError('ZIP64 extra field is truncated');
          const value = u64(dv, field);
          field += 8;
          return value;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      } else if (id === 0x7075 && size > 5) {
        const unicode = new TextDecoder('utf-8').decode(bytes.subarray(body + 5, body + size));
        if (unicode !== names[0]) names.push(unicode);
      }
      x = body + size;
    }
    if (localOffset + 30 > dv.byteLength || dv.getUint32(localOffset, true) !== LOCAL) {
      throw new ZipFormatError(`entry "${names[0]}" has no local header where the directory says`);
    }
    const localNameLength = dv.getUint16(localOffset + 26, true);
    const localExtraLength = dv.getUint16(localOffset + 28, true);
    const dataOffset = localOffset + 30 + localNameLength + localExtraLength;
    if (dataOffset + compressedSize > dv.byteLength) throw new ZipFormatError(`entry "${names[0]}" runs past the end of the file`);
    // A scanner that reads the directory and an extractor that reads local headers must see the same file: a
    // local header naming another file ("readme.txt" listed, "setup.exe" extracted) or using another method is
    // a disguise, not an archiver's slip.
    const localName = bytes.subarray(localOffset + 30, localOffset + 30 + localNameLength);
    if (Buffer.compare(localName, bytes.subarray(nameAt, extraAt)) !== 0) {
      throw new ZipFormatError(`entry "${names[0]}" has another name in its local header`);
    }
    if (dv.getUint16(localOffset + 8, true) !== method) throw new ZipFormatError(`entry "${names[0]}" has another compression method in its local header`);
    const localFlags = dv.getUint16(localOffset + 6, true);
    const localSizes = localFlags & FLAG_DATA_DESCRIPTOR ? null : readLocalSizes(dv, localOffset, localOffset + 30 + localNameLength, localExtraLength);
    entries.push({ names, flags, method, compressedSize, uncompressedSize, localOffset, dataOffset, localSizes });
    at = next;
  }

  // Entries sharing compressed bytes let a small file declare little per entry yet expand without bound when
  // extracted (the "overlapping files" zip bomb); honest archives never overlap.
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1]!;
    if (prev.dataOffset + prev.compressedSize > byOffset[i]!.localOffset) {
      throw new ZipFormatError('entries overlap one another, as in a zip bomb');
    }
  }
  // Between the listed entries (and before the directory) there is room only for data descriptors: another local
  // header there is a file the directory hides from scanners but extractors that read local headers unpack.
  const ends = [0, ...byOffset.map((e) => e.dataOffset + e.compressedSize)];
  const starts = [...byOffset.map((e) => e.localOffset), cdOffset];
  for (let i = 0; i < starts.length; i++) {
    const gap = bytes.subarray(ends[i]!, Math.max(ends[i]!, starts[i]!));
    if (Buffer.from(gap.buffer, gap.byteOffset, gap.byteLength).indexOf(LOCAL_SIGNATURE) !== -1) {
      throw new ZipFormatError('it holds a file its directory does not list (hidden from scanners, found by extractors)');
    }
  }
  return { entryCount, entries };
}

const LOCAL_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The local header's sizes, from its ZIP64 extra field when it says 0xffffffff. */
function readLocalSizes(dv: DataView, local: number, extraAt: number, extraLength: number): { compressedSize: number; uncompressedSize: number } {
  let compressedSize = dv.getUint32(local + 18, true);
  let uncompressedSize = dv.getUint32(local + 22, true);
  if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) {
    for (let x = extraAt; x + 4 <= extraAt + extraLength; ) {
      const id = dv.getUint16(x, true);
      const size = dv.getUint16(x + 2, true);
      if (id === 0x0001 && size >= 16 && x + 4 + 16 <= dv.byteLength) {
        uncompressedSize = u64(dv, x + 4);
        compressedSize = u64(dv, x + 12);
        break;
      }
      x += 4 + size;
    }
  }
  return { compressedSize, uncompressedSize };
}
