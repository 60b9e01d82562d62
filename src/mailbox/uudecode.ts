import { isUtf8 } from 'node:buffer';

// uuencoding, as mail carried files before MIME and some clients still send them: a `begin <mode> <name>` line,
// lines whose first character says how many bytes follow (4 characters per 3 bytes, offset by 32, ` for 0),
// and an `end` line.

export type UuFile = { name: string; content: Uint8Array };

const BEGIN = /^begin[ \t]+[0-7]{3,4}[ \t]+(\S(?:.*\S)?)[ \t]*$/;
const DATA = /^[\x20-\x60]+$/;

/** The bytes of one data line, or null when it is not one (wrong characters, or more of them than its count). */
function decodeLine(line: string): Uint8Array | null {
  if (!DATA.test(line)) return null;
  const count = (line.charCodeAt(0) - 32) & 63;
  const chars = line.length - 1;
  // Encoders drop trailing spaces (zero bits) or add a checksum character; anything longer is not uuencode.
  if (chars > Math.ceil(count / 3) * 4 + 2) return null;
  const out = new Uint8Array(count);
  const sextet = (i: number) => (i <= chars ? (line.charCodeAt(i) - 32) & 63 : 0);
  for (let o = 0, i = 1; o < count; i += 4) {
    const [a, b, c, d] = [sextet(i), sextet(i + 1), sextet(i + 2), sextet(i + 3)];
    out[o++] = (a << 2) | (b >> 4);
    if (o < count) out[o++] = ((b & 15) << 4) | (c >> 2);
    if (o < count) out[o++] = ((c & 3) << 6) | d;
  }
  return out;
}

function fileName(raw: string): string {
  const bytes = Buffer.from(raw, 'latin1');
  const name = isUtf8(bytes) ? bytes.toString('utf8') : raw;
  // Only the name: a path in a begin line says where the sender's disk kept it, not where ours should.
  return name.split(/[\\/]/).pop()!.trim() || 'uuencoded.bin';
}

type Line = { start: number; end: number; next: number; text: string };

function linesOf(bytes: Uint8Array): Line[] {
  const lines: Line[] = [];
  for (let pos = 0; pos < bytes.length; ) {
    const lf = bytes.indexOf(0x0a, pos);
    const next = lf < 0 ? bytes.length : lf + 1;
    let end = lf < 0 ? bytes.length : lf;
    while (end > pos && bytes[end - 1] === 0x0d) end--;
    lines.push({ start: pos, end, next, text: Buffer.from(bytes.buffer, bytes.byteOffset + pos, end - pos).toString('latin1') });
    pos = next;
  }
  return lines;
}

/**
 * Takes the uuencoded files out of a text: their bytes, and the text without the blocks. A block needs a begin
 * line and at least one data line; it ends at `end` (or where the text ends, for a cut-off file). Anything that
 * breaks the format leaves the lines where they are, as the words they then are.
 */
export function extractUuencoded(bytes: Uint8Array): { text: Uint8Array; files: UuFile[] } {
  const files: UuFile[] = [];
  const kept: Uint8Array[] = [];
  const lines = linesOf(bytes);
  let copied = 0;
  for (let i = 0; i < lines.length; i++) {
    const begin = BEGIN.exec(lines[i]!.text);
    if (!begin) continue;
    const chunks: Uint8Array[] = [];
    let j = i + 1;
    let ended = false;
    for (; j < lines.length; j++) {
      const text = lines[j]!.text.replace(/[ \t]+$/, '');
      if (text === 'end') {
        ended = true;
        break;
      }
      if (text === '' || text === '`') continue; // the zero-length line before `end`
      const data = decodeLine(text);
      if (!data) break;
      chunks.push(data);
    }
    if (!chunks.length || (!ended && j < lines.length)) continue;
    files.push({ name: fileName(begin[1]!), content: Buffer.concat(chunks) });
    kept.push(bytes.subarray(copied, lines[i]!.start));
    copied = ended ? lines[j]!.next : bytes.length;
    i = j;
  }
  if (!files.length) return { text: bytes, files };
  kept.push(bytes.subarray(copied));
  return { text: Buffer.concat(kept), files };
}

/** The file of a part sent with Content-Transfer-Encoding x-uuencode, or null when its body holds none. */
export function uudecodePart(body: Uint8Array): UuFile | null {
  return extractUuencoded(body).files[0] ?? null;
}
