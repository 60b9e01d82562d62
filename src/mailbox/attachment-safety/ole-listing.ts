export class OleFormatError extends Error {}

export type OleListing = {
  /** Names of every storage and stream in the directory, the root included. */
  names: string[];
  /** The root storage's CLSID, 16 bytes as lower-case hex in file order. */
  rootClsid: string;
};

const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const HEADER_DIFAT_SLOTS = 109;

/**
 * Lists a Compound File Binary (MS-CFB) directory: the names are enough to tell a Word, Excel or PowerPoint file,
 * an installer, a macro project or an encrypted package. Every sector number is bounds-checked and every chain is
 * walked at most once per sector, so a hostile file ends in an error, never a loop.
 */
export function readOleListing(bytes: Uint8Array): OleListing {
  if (bytes.length < 512) throw new OleFormatError('too short for a compound file header');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = dv.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) throw new OleFormatError(`unsupported sector size 2^${shift}`);
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor((bytes.length - sectorSize) / sectorSize) + 1;
  const perSector = sectorSize / 4;
  const sectorAt = (n: number): number => {
    if (n >= sectorCount) throw new OleFormatError(`sector ${n} is outside the file`);
    const at = (n + 1) * sectorSize;
    if (at + sectorSize > bytes.length) throw new OleFormatError(`sector ${n} is truncated`);
    return at;
  };

  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_SLOTS; i++) {
    const n = dv.getUint32(0x4c + i * 4, true);
    if (n !== FREE) fatSectors.push(n);
  }
  const seenDifat = new Set<number>();
  for (let n = dv.getUint32(0x44, true); n !== END_OF_CHAIN && n !== FREE; ) {
    if (seenDifat.has(n)) throw new OleFormatError('DIFAT chain loops');
    seenDifat.add(n);
    const at = sectorAt(n);
    for (let i = 0; i < perSector - 1; i++) {
      const fat = dv.getUint32(at + i * 4, true);
      if (fat !== FREE) fatSectors.push(fat);
    }
    n = dv.getUint32(at + (perSector - 1) * 4, true);
  }
  if (fatSectors.length > sectorCount) throw new OleFormatError('more FAT sectors than the file holds');
  const nextInChain = (n: number): number => {
    const fatSector = fatSectors[Math.floor(n / perSector)];
    if (fatSector === undefined) throw new OleFormatError(`sector ${n} has no FAT entry`);
    return dv.getUint32(sectorAt(fatSector) + (n % perSector) * 4, true);
  };

  const names: string[] = [];
  let rootClsid = '';
  const seenDir = new Set<number>();
  for (let n = dv.getUint32(0x30, true); n !== END_OF_CHAIN; ) {
    if (seenDir.has(n)) throw new OleFormatError('directory chain loops');
    seenDir.add(n);
    const at = sectorAt(n);
    for (let e = at; e < at + sectorSize; e += 128) {
      const type = bytes[e + 0x42];
      if (type !== 1 && type !== 2 && type !== 5) continue;
      const nameLength = Math.min(dv.getUint16(e + 0x40, true), 64);
      const name = new TextDecoder('utf-16le').decode(bytes.subarray(e, e + Math.max(0, nameLength - 2)));
      if (type === 5 && !rootClsid) rootClsid = Buffer.from(bytes.subarray(e + 0x50, e + 0x60)).toString('hex');
      names.push(name);
    }
    n = nextInChain(n);
  }
  if (!rootClsid && !names.length) throw new OleFormatError('empty directory');
  return { names, rootClsid };
}
