import type { DetectedType } from './file-types.ts';

/** The extension Windows and macOS would act on: trailing dots and spaces are dropped, as Windows drops them. */
export function extensionOf(filename: string): string {
  const base = filename.replace(/[\s.]+$/, '').split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

const RUNS_CODE = new Set([
  // Windows programs, installers and script hosts
  'exe', 'com', 'scr', 'pif', 'cpl', 'dll', 'sys', 'drv', 'ocx', 'msi', 'msp', 'mst', 'msix', 'msixbundle', 'appx',
  'appxbundle', 'application', 'appref-ms', 'gadget', 'msc', 'bat', 'cmd', 'ps1', 'psm1', 'psd1', 'ps1xml', 'psc1',
  'vb', 'vbs', 'vbe', 'js', 'jse', 'mjs', 'wsf', 'wsh', 'wsc', 'ws', 'hta', 'sct', 'reg', 'inf', 'scf', 'lnk', 'url',
  'website', 'settingcontent-ms', 'library-ms', 'search-ms', 'searchconnector-ms', 'chm', 'hlp', 'cab', 'xll',
  'iqy', 'slk', 'one', 'onepkg',
  // disk images, which hide their contents from mail scanners and from Windows' mark-of-the-web
  'iso', 'img', 'vhd', 'vhdx', 'dmg',
  // other platforms' programs and scripts
  'jar', 'class', 'jnlp', 'apk', 'aab', 'xapk', 'dex', 'ipa', 'app', 'pkg', 'deb', 'rpm', 'run', 'sh', 'bash',
  'zsh', 'ksh', 'csh', 'command', 'tool', 'py', 'pyw', 'pl', 'rb', 'php', 'elf', 'desktop', 'workflow', 'scpt',
]);

const MACRO_OFFICE = new Set(['docm', 'dotm', 'xlsm', 'xltm', 'xlam', 'xla', 'pptm', 'potm', 'ppsm', 'ppam', 'sldm']);

const RENDERS_SCRIPT = new Set(['html', 'htm', 'xhtml', 'xht', 'shtml', 'mht', 'mhtml', 'svg', 'svgz']);

// Overrides and isolates reorder what is shown: "invoice\u202Egpj.exe" displays as "invoiceexe.jpg".
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * Why a file name alone makes a file unsafe to hand to an agent, or null. Inside an Office document, markup parts
 * (the SVG icons Office inserts, altChunk HTML) are rendered by Office, not a browser, so `markupIsSafe` skips them.
 */
export function riskyNameReason(filename: string, markupIsSafe = false): string | null {
  if (BIDI_CONTROL.test(filename)) return 'the file name contains bidirectional-text control characters, used to disguise its real extension';
  const ext = extensionOf(filename);
  if (RUNS_CODE.has(ext)) return `.${ext} files run code when opened`;
  if (MACRO_OFFICE.has(ext)) return `.${ext} is a macro-enabled Office format`;
  if (RENDERS_SCRIPT.has(ext) && !markupIsSafe) return `.${ext} files can run scripts when opened`;
  return null;
}

/** Whether an archive member's path would land outside the folder it is extracted into. */
export function escapesArchive(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return p.startsWith('/') || /^[a-z]:/i.test(p) || p.split('/').includes('..');
}

const IMAGES: DetectedType[] = ['png', 'jpeg', 'gif', 'webp', 'heic', 'avif', 'bmp', 'tiff'];
const TEXT: DetectedType[] = ['text', 'csv', 'xml'];
// Web "export to Excel" buttons often write CSV or an xlsx under .xls; the reverse happens too.
const SPREADSHEETS: DetectedType[] = ['csv', 'text', 'xls', 'xlsx'];
const OOXML: DetectedType[] = ['docx', 'xlsx', 'pptx'];

/** What content each familiar extension may hold; mix-ups inside one family are common and harmless. */
const EXPECTED: Record<string, readonly DetectedType[]> = {
  png: IMAGES, jpg: IMAGES, jpeg: IMAGES, jpe: IMAGES, jfif: IMAGES, gif: IMAGES, webp: IMAGES, heic: IMAGES,
  heif: IMAGES, avif: IMAGES, bmp: IMAGES, tif: IMAGES, tiff: IMAGES,
  mp4: ['mp4'], m4v: ['mp4'], mov: ['mp4'],
  pdf: ['pdf'],
  txt: TEXT, log: TEXT, text: TEXT, md: TEXT, json: TEXT, xml: TEXT, eml: TEXT,
  csv: SPREADSHEETS, tsv: SPREADSHEETS, xls: SPREADSHEETS, xlsx: SPREADSHEETS,
  doc: ['doc', 'docx', 'rtf'], docx: ['docx', 'doc'], rtf: ['rtf'],
  ppt: ['ppt', 'pptx'], pptx: ['pptx', 'ppt'],
  // OFD, China's e-invoice format, is a ZIP container.
  zip: ['zip', ...OOXML], ofd: ['zip'],
  rar: ['rar'], '7z': ['7z'], gz: ['gzip'], tgz: ['gzip'], tar: ['tar'],
};

/** The content types a file name promises, or null when its extension promises nothing we know. */
export function expectedTypesFor(filename: string): readonly DetectedType[] | null {
  return EXPECTED[extensionOf(filename)] ?? null;
}
