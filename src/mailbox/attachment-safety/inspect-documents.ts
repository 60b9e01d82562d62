import { FILE_TYPES, type DetectedType } from './file-types.ts';
import { OleFormatError, readOleListing } from './ole-listing.ts';

export type DocumentVerdict = { detectedType: DetectedType; problem: string | null };

// {000C1084-…-000000000046} (installer), …1086 (patch), …1082 (transform), as stored: Data1 little-endian first.
const WINDOWS_INSTALLER_CLSID = /^8[246]100c0000000000c000000000000046$/;

/** Legacy Office and other OLE compound files: which kind, and whether it carries macros or hidden payloads. */
export function inspectOle(bytes: Uint8Array): DocumentVerdict {
  let names: Set<string>;
  let rootClsid: string;
  try {
    const listing = readOleListing(bytes);
    names = new Set(listing.names.map((n) => n.toLowerCase()));
    rootClsid = listing.rootClsid;
  } catch (err) {
    if (!(err instanceof OleFormatError)) throw err;
    return { detectedType: 'ole', problem: `the Office (OLE) file is malformed (${err.message}), so it cannot be checked for macros` };
  }
  if (WINDOWS_INSTALLER_CLSID.test(rootClsid)) return { detectedType: 'msi', problem: `the content is ${FILE_TYPES.msi.label}, which runs code when opened` };
  const detectedType: DetectedType = names.has('worddocument')
    ? 'doc'
    : names.has('workbook') || names.has('book')
      ? 'xls'
      : names.has('powerpoint document')
        ? 'ppt'
        : 'ole';
  if (names.has('encryptedpackage')) {
    return { detectedType, problem: 'the Office document is password-encrypted, so it cannot be checked for macros (a common way to slip malware past scanners)' };
  }
  if (['_vba_project', '_vba_project_cur', 'vba', 'macros'].some((n) => names.has(n))) {
    return { detectedType, problem: 'the Office document contains VBA macros' };
  }
  if (names.has('\u0001ole10native')) {
    return { detectedType, problem: 'the document embeds a packaged file (OLE Package), which can carry any program' };
  }
  return { detectedType, problem: null };
}

/** RTF is plain text, but embedded OLE objects in it are a long-standing exploit carrier (e.g. CVE-2017-11882). */
export function inspectRtf(bytes: Uint8Array): DocumentVerdict {
  const embedsObject = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('\\object', 0, 'latin1');
  return { detectedType: 'rtf', problem: embedsObject ? 'the RTF document embeds OLE objects' : null };
}
