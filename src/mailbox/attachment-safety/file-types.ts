export type DetectedType =
  | 'empty' | 'unknown'
  | 'png' | 'jpeg' | 'gif' | 'webp' | 'heic' | 'avif' | 'bmp' | 'tiff' | 'mp4'
  | 'pdf' | 'text' | 'csv' | 'xml' | 'rtf' | 'html' | 'svg'
  | 'zip' | 'docx' | 'xlsx' | 'pptx' | 'ole' | 'doc' | 'xls' | 'ppt'
  | 'gzip' | 'tar' | 'rar' | '7z' | 'xz' | 'bzip2' | 'zstd' | 'cab'
  | 'pe' | 'elf' | 'macho' | 'java-class' | 'dex' | 'apk' | 'jar' | 'ipa' | 'msi' | 'lnk' | 'chm' | 'iso' | 'script';

type TypeInfo = { mime: string; label: string };

export const FILE_TYPES: Readonly<Record<DetectedType, TypeInfo>> = {
  empty: { mime: 'application/octet-stream', label: 'an empty file' },
  unknown: { mime: 'application/octet-stream', label: 'unrecognised binary data' },
  png: { mime: 'image/png', label: 'a PNG image' },
  jpeg: { mime: 'image/jpeg', label: 'a JPEG image' },
  gif: { mime: 'image/gif', label: 'a GIF image' },
  webp: { mime: 'image/webp', label: 'a WebP image' },
  heic: { mime: 'image/heic', label: 'a HEIC image' },
  avif: { mime: 'image/avif', label: 'an AVIF image' },
  bmp: { mime: 'image/bmp', label: 'a BMP image' },
  tiff: { mime: 'image/tiff', label: 'a TIFF image' },
  mp4: { mime: 'video/mp4', label: 'an MP4/QuickTime video' },
  pdf: { mime: 'application/pdf', label: 'a PDF document' },
  text: { mime: 'text/plain', label: 'plain text' },
  csv: { mime: 'text/csv', label: 'CSV text' },
  xml: { mime: 'application/xml', label: 'an XML document' },
  rtf: { mime: 'application/rtf', label: 'an RTF document' },
  html: { mime: 'text/html', label: 'an HTML page' },
  svg: { mime: 'image/svg+xml', label: 'an SVG image' },
  zip: { mime: 'application/zip', label: 'a ZIP archive' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'a Word document (docx)' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'an Excel workbook (xlsx)' },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'a PowerPoint presentation (pptx)' },
  ole: { mime: 'application/x-ole-storage', label: 'an OLE compound document' },
  doc: { mime: 'application/msword', label: 'a Word 97–2003 document' },
  xls: { mime: 'application/vnd.ms-excel', label: 'an Excel 97–2003 workbook' },
  ppt: { mime: 'application/vnd.ms-powerpoint', label: 'a PowerPoint 97–2003 presentation' },
  gzip: { mime: 'application/gzip', label: 'a gzip file' },
  tar: { mime: 'application/x-tar', label: 'a tar archive' },
  rar: { mime: 'application/vnd.rar', label: 'a RAR archive' },
  '7z': { mime: 'application/x-7z-compressed', label: 'a 7-Zip archive' },
  xz: { mime: 'application/x-xz', label: 'an xz file' },
  bzip2: { mime: 'application/x-bzip2', label: 'a bzip2 file' },
  zstd: { mime: 'application/zstd', label: 'a Zstandard file' },
  cab: { mime: 'application/vnd.ms-cab-compressed', label: 'a Windows cabinet' },
  pe: { mime: 'application/vnd.microsoft.portable-executable', label: 'a Windows executable (PE)' },
  elf: { mime: 'application/x-elf', label: 'a Linux/Unix executable (ELF)' },
  macho: { mime: 'application/x-mach-binary', label: 'a macOS executable (Mach-O)' },
  'java-class': { mime: 'application/java-vm', label: 'a Java class file' },
  dex: { mime: 'application/vnd.android.dex', label: 'Android bytecode (dex)' },
  apk: { mime: 'application/vnd.android.package-archive', label: 'an Android app (apk)' },
  jar: { mime: 'application/java-archive', label: 'a Java archive (jar)' },
  ipa: { mime: 'application/octet-stream', label: 'an iOS app (ipa)' },
  msi: { mime: 'application/x-msi', label: 'a Windows installer (msi)' },
  lnk: { mime: 'application/x-ms-shortcut', label: 'a Windows shortcut (lnk)' },
  chm: { mime: 'application/vnd.ms-htmlhelp', label: 'a compiled HTML help file (chm)' },
  iso: { mime: 'application/x-iso9660-image', label: 'a disk image (iso)' },
  script: { mime: 'text/x-script', label: 'a script (#! line)' },
};

export const IMAGE_TYPES: ReadonlySet<DetectedType> = new Set(['png', 'jpeg', 'gif', 'webp', 'heic', 'avif', 'bmp', 'tiff']);

/** Types that run code when opened, whatever they are called. */
export const EXECUTABLE_TYPES: ReadonlySet<DetectedType> = new Set([
  'pe', 'elf', 'macho', 'java-class', 'dex', 'apk', 'jar', 'ipa', 'msi', 'lnk', 'chm', 'iso', 'script',
]);

/** Containers we read ourselves. */
export const INSPECTABLE_ARCHIVES: ReadonlySet<DetectedType> = new Set(['zip', 'docx', 'xlsx', 'pptx', 'gzip', 'tar']);

/** Containers whose listing or content needs a decompressor we do not have. */
export const OPAQUE_ARCHIVES: ReadonlySet<DetectedType> = new Set(['rar', '7z', 'xz', 'bzip2', 'zstd', 'cab']);
