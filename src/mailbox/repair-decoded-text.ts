import iconv from 'iconv-lite';

// Node's TextDecoder decodes windows-1252, and the labels the Encoding Standard maps to it (iso-8859-1,
// us-ascii), as Latin-1 since v20.18.3 and v22.13 (nodejs/node#60888): Outlook's “quotes”, – and € come out as
// C1 control characters. Those controls have no place in mail text, so they are read as windows-1252 means them.
const CP1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';
function fixC1(s: string): string {
  return /[\x80-\x9f]/.test(s) ? s.replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c) : s;
}

// Node's Big5 decoder is ICU's windows-950, which puts the Hong Kong Supplementary Character Set on private-use
// code points (nodejs/node#40091): 嘅 and 㗎 arrive as U+E0A5 and U+ECD0. Real Big5 mail from Hong Kong carries
// them, so for Big5 mail each such code point is mapped back through its bytes to what Big5-HKSCS means.
let big5Repairs: Map<string, string> | undefined;
function big5RepairTable(): Map<string, string> {
  if (big5Repairs) return big5Repairs;
  big5Repairs = new Map();
  const icu = new TextDecoder('big5');
  const isPrivateUse = (s: string) => s.length === 1 && s.charCodeAt(0) >= 0xe000 && s.charCodeAt(0) <= 0xf8ff;
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail > 0x7e && trail < 0xa1) continue;
      const bytes = Buffer.from([lead, trail]);
      const wrong = icu.decode(bytes);
      if (!isPrivateUse(wrong)) continue;
      const right = iconv.decode(bytes, 'big5hkscs');
      if (right !== '\ufffd' && !isPrivateUse(right)) big5Repairs.set(wrong, right);
    }
  }
  return big5Repairs;
}

function fixBig5(s: string): string {
  if (!/[\ue000-\uf8ff]/.test(s)) return s;
  const table = big5RepairTable();
  return s.replace(/[\ue000-\uf8ff]/g, (c) => table.get(c) ?? c);
}

export type DecodedTextRepairs = { big5: boolean };

/** Text as the customer wrote it, undoing where Node's decoders depart from what mail clients meant. */
export function repairDecodedText(s: string, repairs: DecodedTextRepairs): string {
  const latin = fixC1(s);
  return repairs.big5 ? fixBig5(latin) : latin;
}

/** Whether any part of the message declares Big5, in a Content-Type or an encoded word. */
export function declaresBig5(raw: Uint8Array): boolean {
  return /charset\s*=\s*"?(?:big5|big5-hkscs|cn-big5|x-x-big5|csbig5)\b|=\?(?:big5|big5-hkscs)\?/i.test(
    Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1'),
  );
}
