import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InflateError, inflatedSize } from './zip-inflated-size.ts';

const samples: [string, Buffer][] = [
  ['empty', Buffer.alloc(0)],
  ['one byte', Buffer.from('x')],
  ['text', Buffer.from('我昨天提现 100 USDT 失败了。Withdrawal failed, tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060\n'.repeat(500))],
  ['random', randomBytes(200_000)],
  ["zeros", Buffer.alloc(1_000_000)],
  ['mixed', Buffer.concat([randomBytes(70_000), Buffer.alloc(70_000, 7), randomBytes(1000), Buffer.from('abc'.repeat(30_000))])],
];

describe('counting what a DEFLATE stream expands to, without expanding it', () => {
  it.each(samples)('agrees with zlib on %s data at every compression level', (_name, data) => {
    for (const level of [0, 1, 6, 9]) {
      for (const strategy of [0, 1, 2, 3]) {
        const packed = deflateRawSync(data, { level, strategy });
        expect(inflatedSize(packed, Number.MAX_SAFE_INTEGER)).toEqual({ size: data.length, overCap: false, consumed: packed.length });
      }
    }
  });

  it('stops counting at the cap', () => {
    const packed = deflateRawSync(Buffer.alloc(10_000_000));
    const counted = inflatedSize(packed, 1000);
    expect(counted.overCap).toBe(true);
    expect(counted.size).toBeGreaterThan(1000);
    expect(counted.size).toBeLessThan(2000);
  });

  it('measures a 32 MiB bomb (32 KB compressed) in well under the time its expansion would take, holding none of it', () => {
    const packed = deflateRawSync(Buffer.alloc(32 * 1024 * 1024), { level: 9 });
    const started = process.hrtime.bigint();
    expect(inflatedSize(packed, Number.MAX_SAFE_INTEGER).size).toBe(32 * 1024 * 1024);
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(2);
  });

  it('refuses damaged streams instead of guessing', () => {
    const packed = deflateRawSync(Buffer.from('hello hello hello hello'.repeat(100)));
    expect(() => inflatedSize(packed.subarray(0, packed.length - 3), Number.MAX_SAFE_INTEGER)).toThrow(InflateError);
    expect(() => inflatedSize(Buffer.from([0x07]), Number.MAX_SAFE_INTEGER)).toThrow(InflateError);
    // A stored block whose length and complement disagree.
    expect(() => inflatedSize(Buffer.from([0x01, 0x05, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5]), 100)).toThrow(InflateError);
    for (let i = 0; i < 200; i += 1) {
      const junk = randomBytes(64);
      try {
        const r = inflatedSize(junk, 1_000_000);
        expect(r.size).toBeGreaterThanOrEqual(0);
      } catch (err) {
        expect(err).toBeInstanceOf(InflateError);
      }
    }
  });
});
