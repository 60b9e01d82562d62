export type UploadVerdict = { ok: true; contentType: string; text: string | null } | { ok: false; problem: string };

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) => Buffer.from(b.subarray(from, to)).toString('latin1');

/**
 * What the contact form takes: screenshots (PNG, JPEG, GIF, WebP, HEIC), PDF and plain-text/CSV records, judged by
 * their bytes, never by the name or the type the browser claims. Anything else (executables, archives, Office files
 * with macros, HTML or SVG that could run script when opened) is refused before it is stored.
 */
export function sniffUpload(data: Uint8Array, filename: string): UploadVerdict {
  if (data.byteLength === 0) return { ok: false, problem: 'is empty' };
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('image/png');
  if (startsWith(data, [0xff, 0xd8, 0xff])) return image('image/jpeg');
  if (ascii(data, 0, 6) === 'GIF87a' || ascii(data, 0, 6) === 'GIF89a') return image('image/gif');
  if (ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP') return image('image/webp');
  if (ascii(data, 4, 8) === 'ftyp' && /^(heic|heix|hevc|mif1|msf1|avif)$/.test(ascii(data, 8, 12))) return image(ascii(data, 8, 12) === 'avif' ? 'image/avif' : 'image/heic');
  if (ascii(data, 0, 5) === '%PDF-') return pdf(data);
  return text(data, filename);
}

function image(contentType: string): UploadVerdict {
  return { ok: true, contentType, text: null };
}

/** PDF names its active parts; a transaction record or a bank statement needs none of them. */
function pdf(data: Uint8Array): UploadVerdict {
  const body = Buffer.from(data).toString('latin1');
  const active = /\/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b/.exec(body);
  if (active) return { ok: false, problem: `is a PDF with active content (/${active[1]}), which we do not accept` };
  return { ok: true, contentType: 'application/pdf', text: null };
}

function text(data: Uint8Array, filename: string): UploadVerdict {
  if (!/\.(txt|csv|tsv|log)$/i.test(filename)) return { ok: false, problem: 'is not an image, a PDF or a text/CSV file' };
  if (data.includes(0)) return { ok: false, problem: 'is binary data, not text' };
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    // Exports from Chinese banking and exchange apps are often GB18030, which decodes any byte sequence.
    decoded = new TextDecoder('gb18030').decode(data);
  }
  const controls = decoded.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > 0) return { ok: false, problem: 'is binary data, not text' };
  // Opened from a download folder, markup in a ".txt" can still be rendered by a browser that sniffs.
  if (/^\s*<(!doctype|html|svg|script|\?xml)/i.test(decoded) || /<script[\s>]/i.test(decoded)) {
    return { ok: false, problem: 'contains HTML or script markup, which we do not accept' };
  }
  const contentType = /\.csv$/i.test(filename) ? 'text/csv' : /\.tsv$/i.test(filename) ? 'text/tab-separated-values' : 'text/plain';
  return { ok: true, contentType, text: decoded };
}
