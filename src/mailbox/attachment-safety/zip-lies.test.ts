import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspectAttachment } from './inspect-attachment.ts';
import { zip } from './test-fixtures.ts';

const MiB = 1024 * 1024;

type Entry = {
  name: string;
  data: Uint8Array;
  method?: 0 | 8;
  /** What the central directory claims (defaults: the truth). */
  central?: { size?: number; compressedSize?: number; name?: string; method?: number };
  /** What the local header claims (defaults: the truth). */
  local?: { size?: number; compressedSize?: number; name?: string; method?: number };
  /** Bit 3: sizes in a data descriptor after the data; the local header says 0. */
  descriptor?: boolean;
};

const u16 = (n: number) => Buffer.from([n & 0xff, (n >>> 8) & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** A ZIP written by hand, whose headers can lie independently of each other and of the data. */
function lyingZip(entries: Entry[], opts: { hiddenBefore?: number; hidden?: Uint8Array } = {}): Buffer {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    if (opts.hidden && opts.hiddenBefore === i) {
      parts.push(Buffer.from(opts.hidden));
      offset += opts.hidden.length;
    }
    const method = e.method ?? 8;
    const packed = method === 0 ? Buffer.from(e.data) : deflateRawSync(e.data);
    const flags = e.descriptor ? 8 : 0;
    const header = (claims: Entry['central'] = {}, zeroSizes = false) => {
      const name = Buffer.from(claims.name ?? e.name, 'utf8');
      const sizes = zeroSizes ? [0, 0, 0] : [crc32(e.data), claims.compressedSize ?? packed.length, claims.size ?? e.data.length];
      return { name, common: Buffer.concat([u16(20), u16(flags), u16(claims.method ?? method), u16(0), u16(0x21), u32(sizes[0]!), u32(sizes[1]!), u32(sizes[2]!), u16(name.length)]) };
    };
    const local = header(e.local, e.descriptor);
    const localBytes = Buffer.concat([u32(0x04034b50), local.common, u16(0), local.name, packed]);
    const descriptor = e.descriptor ? Buffer.concat([u32(0x08074b50), u32(crc32(e.data)), u32(packed.length), u32(e.data.length)]) : Buffer.alloc(0);
    const central = header(e.central);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(0x031e), central.common, u16(0), u16(0), u16(0), u16(0), u32(0), u32(offset), central.name]));
    parts.push(localBytes, descriptor);
    offset += localBytes.length + descriptor.length;
  });
  const cd = Buffer.concat(centrals);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(cd.length), u32(offset), u16(0)]);
  return Buffer.concat([...parts, cd, end]);
}

const inspect = (filename: string, content: Uint8Array) => inspectAttachment({ filename, declaredType: 'application/zip', content });

function expectQuarantined(content: Uint8Array, reason: RegExp) {
  const result = inspect('records.zip', content);
  expect(result.quarantined, String(result.reason)).toBe(true);
  expect(result.reason).toMatch(reason);
}

const text = (s: string) => new TextEncoder().encode(s);
const lines = (n: number) => text(Array.from({ length: n }, (_, i) => `2026-11-${(i % 28) + 1},USDT,${(i * 37) % 1000}.5,withdrawal ${i}\n`).join(''));

describe('a ZIP whose headers lie is caught by expanding it, within a hard cap', () => {
  it('10 bytes declared, 200 MB inflated: quarantined quickly', () => {
    const bomb = lyingZip([{ name: 'notes.txt', data: Buffer.alloc(200 * MiB), central: { size: 10 }, local: { size: 10 } }]);
    const started = Date.now();
    expectQuarantined(bomb, /notes\.txt.*expands beyond the size it declares/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['declares nothing at all', 0],
    ['declares a little', 50 * 1024],
    ['declares just under the ratio floor', MiB - 1],
  ])('an entry that %s but holds 20 MB', (_what, size) => {
    expectQuarantined(lyingZip([{ name: 'a.csv', data: Buffer.alloc(20 * MiB, 0x30), central: { size }, local: { size } }]), /expands beyond the size it declares/);
  });

  it('an entry declaring more than is expanded in memory is counted through to its end, and caught', () => {
    const data = Buffer.concat([randomBytes(120 * 1024), Buffer.alloc(40 * MiB)]);
    const size = 9 * MiB;
    expectQuarantined(lyingZip([{ name: 'big.bin', data, central: { size }, local: { size } }]), /big\.bin.*expands beyond the size it declares/);
    expectQuarantined(lyingZip([{ name: 'big.bin', data: data.subarray(0, 8.5 * MiB), central: { size }, local: { size } }]), /expands to a different size than it declares/);
  });

  it('an entry that expands to less than it declares', () => {
    expectQuarantined(lyingZip([{ name: 'a.txt', data: lines(100), central: { size: 50_000 }, local: { size: 50_000 } }]), /expands to a different size than it declares/);
  });

  it('a lie told after an honest head: the first KiB are fine, the rest is a bomb', () => {
    const data = Buffer.concat([Buffer.from(lines(50)), Buffer.alloc(20 * MiB)]);
    expectQuarantined(lyingZip([{ name: 'statement.csv', data, central: { size: 4096 }, local: { size: 4096 } }]), /expands beyond the size it declares/);
  });

  it('a stored entry whose sizes disagree', () => {
    expectQuarantined(lyingZip([{ name: 'a.txt', data: text('hello world'), method: 0, central: { size: 5 }, local: { size: 5 } }]), /stored size differs/);
  });

  it('a compressed size that cuts the stream short', () => {
    const data = lines(2000);
    const packed = deflateRawSync(data).length;
    expectQuarantined(lyingZip([{ name: 'a.txt', data, central: { compressedSize: Math.floor(packed / 2) }, local: { compressedSize: Math.floor(packed / 2) } }]), /damaged|ends early/);
  });

  it('a local header that disagrees with the directory about sizes, the name or the method', () => {
    const data = lines(500);
    expectQuarantined(lyingZip([{ name: 'a.txt', data, local: { size: 10 } }]), /local header/);
    expectQuarantined(lyingZip([{ name: 'a.txt', data, local: { compressedSize: 3 } }]), /local header/);
    expectQuarantined(lyingZip([{ name: 'readme.txt', data, local: { name: 'setup.exe' } }]), /local header/);
    expectQuarantined(lyingZip([{ name: 'readme.txt', data, local: { name: 'readme.txX' } }]), /local header/);
    expectQuarantined(lyingZip([{ name: 'a.txt', data, method: 0, local: { method: 8 } }]), /local header/);
  });

  it('an entry hidden from the directory, which extractors that read local headers still find', () => {
    const hidden = zip([{ name: 'payload.exe', data: 'MZ hidden' }]);
    const firstLocal = Buffer.from(hidden).subarray(0, Buffer.from(hidden).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    expectQuarantined(lyingZip([{ name: 'a.txt', data: lines(10) }, { name: 'b.txt', data: lines(10) }], { hiddenBefore: 1, hidden: firstLocal }), /not listed|hidden/);
    expectQuarantined(lyingZip([{ name: 'a.txt', data: lines(10) }], { hiddenBefore: 0, hidden: firstLocal }), /not listed|hidden/);
  });

  it('a lying archive nested in an honest one', () => {
    const inner = lyingZip([{ name: 'notes.txt', data: Buffer.alloc(10 * MiB), central: { size: 10 }, local: { size: 10 } }]);
    expectQuarantined(zip([{ name: 'inner.zip', data: inner, method: 'store' }]), /inner\.zip › notes\.txt.*expands beyond the size it declares/);
  });

  it('archives nested past the depth limit', () => {
    let current: Uint8Array = zip([{ name: 'a.txt', data: 'x' }]);
    for (let i = 0; i < 4; i += 1) current = zip([{ name: `level-${i}.zip`, data: current }]);
    expectQuarantined(current, /nested more than 3 levels/);
  });

  it('honest archives still pass: many entries, a large CSV, stored and deflated, data descriptors', () => {
    const honest = lyingZip([
      { name: 'statement.csv', data: lines(60_000) },
      { name: 'history.csv', data: lines(250_000) },
      { name: 'notes.txt', data: text('my withdrawal failed'), method: 0 },
      { name: 'empty.txt', data: new Uint8Array() },
      { name: 'folder/', data: new Uint8Array(), method: 0 },
      { name: 'later.txt', data: lines(300), descriptor: true },
    ]);
    expect(inspect('records.zip', honest)).toEqual({ detectedType: 'zip', quarantined: false, reason: null });
  });
});
