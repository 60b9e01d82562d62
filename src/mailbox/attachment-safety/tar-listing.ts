export class TarFormatError extends Error {}

export type TarEntry = { name: string; kind: 'file' | 'directory' | 'link' | 'other'; size: number; dataOffset: number };

export type TarListing = { entryCount: number; entries: TarEntry[] };

const BLOCK = 512;

function cString(bytes: Uint8Array, at: number, length: number): string {
  const field = bytes.subarray(at, at + length);
  const nul = field.indexOf(0);
  return new TextDecoder('utf-8').decode(nul >= 0 ? field.subarray(0, nul) : field);
}

function numberField(bytes: Uint8Array, at: number, length: number): number {
  // GNU tar writes sizes of 8 GiB and more in base 256, flagged by the high bit.
  if (bytes[at]! & 0x80) {
    let value = bytes[at]! & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + bytes[at + i]!;
    return value;
  }
  const text = cString(bytes, at, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError('a numeric header field is not octal');
  return text ? parseInt(text, 8) : 0;
}

function checksumHolds(bytes: Uint8Array, at: number): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : bytes[at + i]!;
  return sum === numberField(bytes, at + 148, 8);
}

function paxPath(record: string): string | null {
  for (const line of record.split('\n')) {
    const m = /^\d+ path=(.*)$/.exec(line);
    if (m) return m[1]!;
  }
  return null;
}

/** Lists a tar archive's members from their headers; GNU long names and PAX paths replace the short name. */
export function readTarListing(bytes: Uint8Array, maxEntries: number): TarListing {
  const entries: TarEntry[] = [];
  let entryCount = 0;
  let longName: string | null = null;
  for (let at = 0; at + BLOCK <= bytes.length; ) {
    const header = at;
    if (bytes.subarray(at, at + BLOCK).every((b) => b === 0)) break;
    if (!checksumHolds(bytes, at)) throw new TarFormatError('a header checksum does not hold');
    const size = numberField(bytes, at + 124, 12);
    const type = String.fromCharCode(bytes[at + 156]!);
    const dataOffset = at + BLOCK;
    if (dataOffset + size > bytes.length) throw new TarFormatError('a member runs past the end of the file');
    at = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = cString(bytes, dataOffset, size);
      continue;
    }
    if (type === 'x') {
      longName = paxPath(new TextDecoder('utf-8').decode(bytes.subarray(dataOffset, dataOffset + size))) ?? longName;
      continue;
    }
    if (type === 'g') continue;
    // Only POSIX ustar has a name prefix at 345; GNU tar keeps timestamps there.
    const posix = cString(bytes, header + 257, 6) === 'ustar' && bytes[header + 262] === 0;
    const prefix = posix ? cString(bytes, header + 345, 155) : '';
    const shortName = cString(bytes, header, 100);
    const name = longName ?? (prefix ? `${prefix}/${shortName}` : shortName);
    longName = null;
    if (++entryCount > maxEntries) continue;
    const kind = type === '0' || type === '\0' || type === '7' ? 'file' : type === '5' ? 'directory' : type === '1' || type === '2' ? 'link' : 'other';
    entries.push({ name, kind, size, dataOffset });
  }
  return { entryCount, entries };
}
