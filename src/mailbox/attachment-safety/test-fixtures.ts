// Builders for the attachment-safety tests: real, minimal files assembled byte by byte, so every fixture is
// exactly what the test says it is.
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

const enc = new TextEncoder();

export const bytes = (...parts: (Uint8Array | string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p as Uint8Array))));

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32be(data.length), body, u32be(crc32(body))]);
}

/** A valid 1×1 RGB PNG. */
export function png(): Uint8Array {
  const ihdr = Buffer.concat([u32be(1), u32be(1), Buffer.from([8, 2, 0, 0, 0])]);
  const idat = deflateSync(Buffer.from([0, 0x2a, 0x6b, 0xc8]));
  return bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array()));
}

export const jpeg = (): Uint8Array => bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0], [0xff, 0xd9]);
export const gif = (): Uint8Array => bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff], ',', [0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0], ';');
export const webp = (): Uint8Array => bytes('RIFF', u32(12), 'WEBPVP8L', u32(0));
export const heic = (): Uint8Array => bytes(u32be(24), 'ftypheic', u32(0), 'mif1heic', u32be(8), 'meta');
export const pdf = (): Uint8Array => bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/** A Windows PE: DOS header with e_lfanew at 0x3c pointing at "PE\0\0", then a (truncated) COFF header. */
export function windowsExecutable(): Uint8Array {
  const dos = Buffer.alloc(0x80);
  dos.write('MZ', 0, 'latin1');
  dos.writeUInt32LE(0x80, 0x3c);
  return bytes(dos, 'PE\0\0', [0x4c, 0x01, 0x03, 0x00], Buffer.alloc(16));
}

export const elf = (): Uint8Array => bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], Buffer.alloc(56));
export const machO = (): Uint8Array => bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1], Buffer.alloc(24));
export const javaClass = (): Uint8Array => bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 61], Buffer.alloc(16));

export type ZipItem = {
  name: string;
  data?: Uint8Array | string;
  method?: 'store' | 'deflate';
  flags?: number;
  /** Uncompressed size to claim instead of the real one; above 4 GiB it is written as ZIP64. */
  claimSize?: number;
};

/** A ZIP archive with local headers, a central directory and an end record, written by hand. */
export function zip(items: readonly ZipItem[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const data = typeof item.data === 'string' ? Buffer.from(enc.encode(item.data)) : Buffer.from(item.data ?? new Uint8Array());
    const name = Buffer.from(item.name, 'utf8');
    const method = item.method === 'store' ? 0 : 8;
    const stored = method === 0 ? data : deflateRawSync(data);
    const size = item.claimSize ?? data.length;
    const zip64 = size > 0xfffffffe;
    const flags = (item.flags ?? 0) | (/[^\x00-\x7f]/.test(item.name) ? 1 << 11 : 0);
    const common = Buffer.concat([u16(20), u16(flags), u16(method), u16(0), u16(0x21), u32(crc32(data)), u32(stored.length), u32(zip64 ? 0xffffffff : size), u16(name.length)]);
    const local = Buffer.concat([u32(0x04034b50), common, u16(0), name, stored]);
    const extra = zip64 ? Buffer.concat([u16(0x0001), u16(8), Buffer.from(new BigUint64Array([BigInt(size)]).buffer)]) : Buffer.alloc(0);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(0x031e), common, u16(extra.length), u16(0), u16(0), u16(0), u32(0), u32(offset), name, extra]));
    locals.push(local);
    offset += local.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(items.length), u16(items.length), u32(cd.length), u32(offset), u16(0)]);
  return bytes(...locals, cd, end);
}

/** One stored entry listed `copies` times in the central directory: every listed file is the same bytes. */
export function overlappingZip(copies: number): Uint8Array {
  const one = zip([{ name: 'a.txt', data: 'hello', method: 'store' }]);
  const eocd = one.length - 22;
  const cdOffset = Buffer.from(one).readUInt32LE(eocd + 16);
  const record = Buffer.from(one.subarray(cdOffset, eocd));
  const cd = Buffer.concat(Array.from({ length: copies }, () => record));
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(copies), u16(copies), u32(cd.length), u32(cdOffset), u16(0)]);
  return bytes(one.subarray(0, cdOffset), cd, end);
}

/** A minimal OOXML package of the given kind, plus any extra parts. */
export function ooxml(kind: 'word' | 'xl' | 'ppt', extra: ZipItem[] = []): Uint8Array {
  const main = { word: 'word/document.xml', xl: 'xl/workbook.xml', ppt: 'ppt/presentation.xml' }[kind];
  return zip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: '_rels/.rels', data: '<?xml version="1.0" encoding="UTF-8"?><Relationships/>' },
    { name: main, data: '<?xml version="1.0" encoding="UTF-8"?><document/>' },
    ...extra,
  ]);
}

const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;

/** A version-3 compound file (512-byte sectors) whose directory lists `names` under the root storage. */
export function oleFile(names: readonly { name: string; type: 'storage' | 'stream' }[], rootClsid?: Uint8Array): Uint8Array {
  const all = [{ name: 'Root Entry', type: 5 }, ...names.map((n) => ({ name: n.name, type: n.type === 'storage' ? 1 : 2 }))];
  const dirSectors = Math.ceil(all.length / 4);
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c);
  header.writeUInt32LE(1, 0x30);
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(END_OF_CHAIN, 0x3c);
  header.writeUInt32LE(END_OF_CHAIN, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREE, 0x4c + i * 4);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0);
  for (let s = 1; s <= dirSectors; s++) fat.writeUInt32LE(s === dirSectors ? END_OF_CHAIN : s + 1, s * 4);
  const dir = Buffer.alloc(dirSectors * 512);
  all.forEach((entry, i) => {
    const at = i * 128;
    const name = Buffer.from(`${entry.name}\0`, 'utf16le');
    name.copy(dir, at);
    dir.writeUInt16LE(name.length, at + 0x40);
    dir[at + 0x42] = entry.type;
    dir[at + 0x43] = 1;
    dir.writeUInt32LE(FREE, at + 0x44);
    dir.writeUInt32LE(FREE, at + 0x48);
    dir.writeUInt32LE(i === 0 && all.length > 1 ? 1 : FREE, at + 0x4c);
    if (i === 0 && rootClsid) Buffer.from(rootClsid).copy(dir, at + 0x50);
    dir.writeUInt32LE(END_OF_CHAIN, at + 0x74);
  });
  return bytes(header, fat, dir);
}

/** A POSIX ustar archive of regular files. */
export function tar(files: readonly { name: string; data: string | Uint8Array }[]): Uint8Array {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const data = Buffer.from(typeof file.data === 'string' ? enc.encode(file.data) : file.data);
    const h = Buffer.alloc(512);
    h.write(file.name, 0, 'utf8');
    h.write('0000644\0', 100, 'latin1');
    h.write('0000000\0', 108, 'latin1');
    h.write('0000000\0', 116, 'latin1');
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    h.write('00000000000\0', 136, 'latin1');
    h.write('        ', 148, 'latin1');
    h.write('0', 156, 'latin1');
    h.write('ustar\x0000', 257, 'latin1');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return bytes(...blocks, Buffer.alloc(1024));
}

/** A gzip member carrying its original file name (FNAME); `claimSize` overrides the trailer's ISIZE. */
export function gzipNamed(name: string, data: Uint8Array | string, claimSize?: number): Uint8Array {
  const raw = Buffer.from(typeof data === 'string' ? enc.encode(data) : data);
  return bytes([0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0, 0, 3], `${name}\0`, deflateRawSync(raw), u32(crc32(raw)), u32(claimSize ?? raw.length));
}
