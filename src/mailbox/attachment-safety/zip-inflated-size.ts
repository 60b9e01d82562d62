/**
 * Measures what a raw DEFLATE stream (RFC 1951, as in ZIP entries) expands to without producing the output: a
 * match adds its length to a counter instead of copying bytes, so a 10-byte claim that really holds 200 MB is
 * found out in the time it takes to read the compressed bits, holding no memory but two small code tables.
 * Stops as soon as the count passes `cap`.
 */

export class InflateError extends Error {}

export type InflatedSize = {
  /** Bytes the stream produced, up to the first one past `cap`. */
  size: number;
  /** The stream produces more than `cap` bytes (counting stopped there). */
  overCap: boolean;
  /** Compressed bytes the stream used, up to its final block's end (valid when not overCap). */
  consumed: number;
};

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code as a lookup table indexed by the next `bits` input bits: symbol << 4 | code length. */
type Table = { entries: Int32Array; bits: number };

function buildTable(lengths: ArrayLike<number>, count: number): Table {
  let bits = 0;
  const perLength = new Array<number>(16).fill(0);
  for (let s = 0; s < count; s++) {
    const len = lengths[s]!;
    perLength[len]! += 1;
    if (len > bits) bits = len;
  }
  perLength[0] = 0;
  // Kraft: more codes of a length than the shorter ones leave room for is no prefix code at all.
  let left = 1;
  for (let len = 1; len <= 15; len++) {
    left = left * 2 - perLength[len]!;
    if (left < 0) throw new InflateError('a Huffman code is over-subscribed');
  }
  const next = new Array<number>(16).fill(0);
  for (let len = 1, code = 0; len <= 15; len++) {
    code = (code + perLength[len - 1]!) << 1;
    next[len] = code;
  }
  const size = 1 << Math.max(1, bits);
  const entries = new Int32Array(size);
  for (let s = 0; s < count; s++) {
    const len = lengths[s]!;
    if (!len) continue;
    const code = next[len]!;
    next[len] = code + 1;
    // DEFLATE sends codes most significant bit first into an LSB-first bit stream: index by the reversed code.
    let reversed = 0;
    for (let i = 0; i < len; i++) reversed |= ((code >> i) & 1) << (len - 1 - i);
    for (let at = reversed; at < size; at += 1 << len) entries[at] = (s << 4) | len;
  }
  return { entries, bits: Math.max(1, bits) };
}

let fixedTables: { literals: Table; distances: Table } | undefined;

function fixed(): { literals: Table; distances: Table } {
  if (!fixedTables) {
    const lengths = new Array<number>(288);
    for (let s = 0; s < 288; s++) lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
    fixedTables = { literals: buildTable(lengths, 288), distances: buildTable(new Array<number>(30).fill(5), 30) };
  }
  return fixedTables;
}

/** LSB-first bit reader over the compressed bytes; past the end it reads zeros, which `overRead` then reports. */
class Bits {
  pos = 0;
  buffer = 0;
  count = 0;
  constructor(readonly data: Uint8Array) {}

  need(n: number): void {
    while (this.count < n) {
      this.buffer |= (this.pos < this.data.length ? this.data[this.pos]! : 0) << this.count;
      this.pos += 1;
      this.count += 8;
    }
  }

  take(n: number): number {
    if (n === 0) return 0;
    this.need(n);
    const value = this.buffer & ((1 << n) - 1);
    this.buffer >>>= n;
    this.count -= n;
    return value;
  }

  decode(table: Table): number {
    this.need(table.bits);
    const entry = table.entries[this.buffer & ((1 << table.bits) - 1)]!;
    const len = entry & 15;
    if (!len) throw new InflateError('the compressed data holds an invalid code');
    this.buffer >>>= len;
    this.count -= len;
    return entry >> 4;
  }

  /** Bytes really used: those read minus whole bytes still waiting in the buffer. */
  used(): number {
    return this.pos - (this.count >> 3);
  }

  overRead(): boolean {
    return this.used() > this.data.length;
  }
}

export function inflatedSize(data: Uint8Array, cap: number): InflatedSize {
  const input = new Bits(data);
  let size = 0;

  for (let last = 0; !last; ) {
    last = input.take(1);
    const type = input.take(2);
    if (type === 0) {
      // A stored block starts on a byte boundary: drop the partial byte, then LEN and its complement NLEN.
      let pos = input.used();
      input.pos = pos;
      input.buffer = 0;
      input.count = 0;
      if (pos + 4 > data.length) throw new InflateError('the compressed data ends early');
      const len = data[pos]! | (data[pos + 1]! << 8);
      const nlen = data[pos + 2]! | (data[pos + 3]! << 8);
      if ((len ^ 0xffff) !== nlen) throw new InflateError('a stored block has a damaged length');
      pos += 4 + len;
      if (pos > data.length) throw new InflateError('the compressed data ends early');
      input.pos = pos;
      size += len;
      if (size > cap) return { size, overCap: true, consumed: pos };
      continue;
    }
    let literals: Table;
    let distances: Table;
    if (type === 1) {
      ({ literals, distances } = fixed());
    } else if (type === 2) {
      const literalCount = input.take(5) + 257;
      const distanceCount = input.take(5) + 1;
      const codeLengthCount = input.take(4) + 4;
      if (literalCount > 286 || distanceCount > 30) throw new InflateError('a block declares too many codes');
      const codeLengthLengths = new Array<number>(19).fill(0);
      for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]!] = input.take(3);
      const codeLengths = buildTable(codeLengthLengths, 19);
      const lengths = new Array<number>(literalCount + distanceCount).fill(0);
      for (let i = 0; i < lengths.length; ) {
        const symbol = input.decode(codeLengths);
        if (symbol < 16) {
          lengths[i++] = symbol;
          continue;
        }
        let repeat: number;
        let value = 0;
        if (symbol === 16) {
          if (i === 0) throw new InflateError('a code length repeats nothing');
          value = lengths[i - 1]!;
          repeat = 3 + input.take(2);
        } else {
          repeat = symbol === 17 ? 3 + input.take(3) : 11 + input.take(7);
        }
        if (i + repeat > lengths.length) throw new InflateError('code lengths run past their count');
        while (repeat--) lengths[i++] = value;
      }
      if (!lengths[256]) throw new InflateError('a block has no end-of-block code');
      literals = buildTable(lengths.slice(0, literalCount), literalCount);
      distances = buildTable(lengths.slice(literalCount), distanceCount);
    } else {
      throw new InflateError('the compressed data uses a reserved block type');
    }

    for (;;) {
      const symbol = input.decode(literals);
      if (symbol < 256) {
        size += 1;
        // Literals make no more than one byte each: checking every 4096th is enough to stop at the cap in time.
        if ((size & 4095) === 0 && (size > cap || input.overRead())) break;
        continue;
      }
      if (symbol === 256) break;
      const lengthCode = symbol - 257;
      if (lengthCode >= 29) throw new InflateError('the compressed data holds an invalid length code');
      const length = LENGTH_BASE[lengthCode]! + input.take(LENGTH_EXTRA[lengthCode]!);
      const distanceCode = input.decode(distances);
      if (distanceCode >= 30) throw new InflateError('the compressed data holds an invalid distance code');
      const distance = DIST_BASE[distanceCode]! + input.take(DIST_EXTRA[distanceCode]!);
      if (distance > size) throw new InflateError('the compressed data refers back before its start');
      size += length;
      if (size > cap) break;
      if (input.overRead()) break;
    }
    if (size > cap) return { size, overCap: true, consumed: input.used() };
    if (input.overRead()) throw new InflateError('the compressed data ends early');
  }
  return { size, overCap: false, consumed: input.used() };
}
