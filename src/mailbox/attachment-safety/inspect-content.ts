import { escapesArchive, riskyNameReason } from './file-names.ts';
import { canReadMethod, entryBytes, EntryBytesError, entryHead, gunzipBounded, verifyEntrySize } from './entry-bytes.ts';
import { EXECUTABLE_TYPES, FILE_TYPES, INSPECTABLE_ARCHIVES, OPAQUE_ARCHIVES, type DetectedType } from './file-types.ts';
import { GzipFormatError, readGzipHeader } from './gzip-header.ts';
import { inspectOle, inspectRtf } from './inspect-documents.ts';
import { formatBytes, RATIO_FLOOR_BYTES, type AttachmentLimits } from './limits.ts';
import { sniffType } from './sniff-type.ts';
import { readTarListing, TarFormatError } from './tar-listing.ts';
import { readZipListing, ZipFormatError, type ZipEntry } from './zip-listing.ts';

/** What is wrong, and where: `path` names the archive members leading to it, outermost first. */
export type Finding = { path: string[]; message: string };

export type ContentVerdict = { detectedType: DetectedType; finding: Finding | null };

/** Counts shared by every level of one attachment, so nesting cannot multiply the limits. */
type Budget = { limits: AttachmentLimits; entries: number; declaredBytes: number; inflatedBytes: number };

const OOXML: ReadonlySet<DetectedType> = new Set(['docx', 'xlsx', 'pptx']);

const found = (message: string, path: string[] = []): Finding => ({ path, message });

function within(name: string, finding: Finding | null): Finding | null {
  return finding && { path: [name, ...finding.path], message: finding.message };
}

function riskOfType(type: DetectedType, markupIsSafe: boolean): string | null {
  if (EXECUTABLE_TYPES.has(type)) return `the content is ${FILE_TYPES[type].label}, which runs code when opened`;
  if ((type === 'html' || type === 'svg') && !markupIsSafe) {
    return `the content is ${FILE_TYPES[type].label}, which can run scripts when opened (held so a phishing page or script never reaches an agent's browser)`;
  }
  if (OPAQUE_ARCHIVES.has(type)) return `the content is ${FILE_TYPES[type].label}, which cannot be opened for inspection here, so what it holds is unknown`;
  return null;
}

/** Types whose risk shows only in their whole content (a macro deep in an OLE file, a nested archive's listing). */
function needsWholeContent(type: DetectedType): boolean {
  return INSPECTABLE_ARCHIVES.has(type) || type === 'ole' || type === 'rtf';
}

function ratioProblem(uncompressed: number, compressed: number, budget: Budget, what: string): string | null {
  const ratio = uncompressed / Math.max(1, compressed);
  if (uncompressed < RATIO_FLOOR_BYTES || ratio <= budget.limits.maxCompressionRatio) return null;
  return `${what} expands ${Math.round(ratio)}:1 (${formatBytes(uncompressed)} from ${formatBytes(compressed)}); the limit is ${budget.limits.maxCompressionRatio}:1, as for a zip bomb`;
}

/** Adds to the shared counts and says which limit, if any, the attachment has now passed. */
function charge(budget: Budget, entries: number, declaredBytes: number): string | null {
  budget.entries += entries;
  budget.declaredBytes += declaredBytes;
  const { limits } = budget;
  if (budget.entries > limits.maxArchiveEntries) return `the archive lists ${budget.entries} entries; the limit is ${limits.maxArchiveEntries}`;
  if (budget.declaredBytes > limits.maxUncompressedBytes) {
    return `the archive declares ${formatBytes(budget.declaredBytes)} uncompressed; the limit is ${formatBytes(limits.maxUncompressedBytes)}`;
  }
  return null;
}

function depthProblem(level: number, budget: Budget): string | null {
  return level + 1 > budget.limits.maxArchiveDepth ? `archives are nested more than ${budget.limits.maxArchiveDepth} levels deep` : null;
}

function spendInspection(budget: Budget, bytes: number): string | null {
  if (budget.inflatedBytes + bytes > budget.limits.maxInspectBytes) {
    return `it is too large to look inside within the ${formatBytes(budget.limits.maxInspectBytes)} inspection limit`;
  }
  budget.inflatedBytes += bytes;
  return null;
}

/** What a member of an archive is and whether it is safe, judged first from its head and then, if needed, whole. */
function inspectMember(
  name: string,
  head: Uint8Array,
  whole: () => Uint8Array,
  budget: Budget,
  level: number,
  markupIsSafe: boolean,
): Finding | null {
  const type = sniffType(head, false);
  const risk = riskOfType(type, markupIsSafe);
  if (risk) return found(risk, [name]);
  if (!needsWholeContent(type)) return null;
  let bytes: Uint8Array;
  try {
    bytes = whole();
  } catch (err) {
    if (err instanceof EntryBytesError) return found(err.message, [name]);
    throw err;
  }
  return within(name, inspectBytes(bytes, budget, level + 1).finding);
}

function zipKind(entries: readonly ZipEntry[]): DetectedType {
  const names = new Set(entries.map((e) => e.names[0]!.replace(/\\/g, '/')));
  const starts = (prefix: string): boolean => [...names].some((n) => n.startsWith(prefix));
  if (names.has('[Content_Types].xml')) {
    if (starts('word/')) return 'docx';
    if (starts('xl/')) return 'xlsx';
    if (starts('ppt/')) return 'pptx';
  }
  if (names.has('AndroidManifest.xml') && names.has('classes.dex')) return 'apk';
  if ([...names].some((n) => /^Payload\/[^/]+\.app\//.test(n))) return 'ipa';
  if (names.has('META-INF/MANIFEST.MF') && [...names].some((n) => n.endsWith('.class'))) return 'jar';
  return 'zip';
}

const ENCRYPTED = 0x0001;
const STRONG_ENCRYPTION = 0x0040;
const AES_METHOD = 99;

function inspectZip(bytes: Uint8Array, budget: Budget, level: number): ContentVerdict {
  const deep = depthProblem(level, budget);
  if (deep) return { detectedType: 'zip', finding: found(deep) };
  let entries: ZipEntry[];
  let entryCount: number;
  try {
    ({ entries, entryCount } = readZipListing(bytes, budget.limits.maxArchiveEntries - budget.entries));
  } catch (err) {
    if (!(err instanceof ZipFormatError)) throw err;
    return { detectedType: 'zip', finding: found(`the ZIP archive is malformed (${err.message}), so it cannot be inspected`) };
  }
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  const overLimit = charge(budget, entryCount, declared);
  const detectedType = entries.length ? zipKind(entries) : 'zip';
  if (overLimit) return { detectedType, finding: found(overLimit) };
  const typeRisk = riskOfType(detectedType, false);
  if (typeRisk) return { detectedType, finding: found(typeRisk) };
  const office = OOXML.has(detectedType);
  const macros = office && entries.find((e) => /(^|\/)vbaProject\.bin$/i.test(e.names[0]!));
  if (macros) return { detectedType, finding: found(`the Office document contains a VBA macro project (${macros.names[0]})`) };
  const bomb = ratioProblem(declared, bytes.length, budget, 'the archive');
  if (bomb) return { detectedType, finding: found(bomb) };

  // Everything the listing alone shows comes first, so nothing is decompressed from an archive already refused.
  for (const e of entries) {
    const name = e.names[0]!;
    if (e.flags & (ENCRYPTED | STRONG_ENCRYPTION) || e.method === AES_METHOD) {
      return { detectedType, finding: found('the archive is encrypted, so its contents cannot be inspected', [name]) };
    }
    for (const n of e.names) {
      if (escapesArchive(n)) return { detectedType, finding: found('this path would be extracted outside the target folder', [n]) };
      const risky = riskyNameReason(n, office);
      if (risky) return { detectedType, finding: found(risky, [n]) };
    }
    const entryBomb = ratioProblem(e.uncompressedSize, e.compressedSize, budget, 'this entry');
    if (entryBomb) return { detectedType, finding: found(entryBomb, [name]) };
  }
  for (const e of entries) {
    const name = e.names[0]!;
    if (e.compressedSize === 0 && e.uncompressedSize === 0) continue;
    if (!canReadMethod(e.method)) {
      return { detectedType, finding: found(`it uses compression method ${e.method}, which cannot be inspected here`, [name]) };
    }
    const data = bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    // Every entry is expanded in full (within a hard cap) before anything is judged from its head: the sizes the
    // directory declares, which every limit above was checked against, are only the sender's word.
    const lie = sizeLie(e, data);
    if (lie) return { detectedType, finding: found(lie, [name]) };
    if (name.endsWith('/') || e.uncompressedSize === 0) continue;
    let head: Uint8Array;
    try {
      head = entryHead(data, e.method);
    } catch (err) {
      if (err instanceof EntryBytesError) return { detectedType, finding: found(err.message, [name]) };
      throw err;
    }
    const finding = inspectMember(name, head, () => {
      const spent = spendInspection(budget, e.method === 0 ? 0 : e.uncompressedSize);
      if (spent) throw new EntryBytesError(spent);
      return entryBytes(data, e.method, e.uncompressedSize);
    }, budget, level, office);
    if (finding) return { detectedType, finding };
  }
  return { detectedType, finding: null };
}

/** How the entry's real size, or its local header, contradicts what the directory declares; null when they agree. */
function sizeLie(e: ZipEntry, data: Uint8Array): string | null {
  try {
    verifyEntrySize(data, e.method, e.uncompressedSize);
  } catch (err) {
    if (err instanceof EntryBytesError) return err.message;
    throw err;
  }
  if (e.localSizes && (e.localSizes.compressedSize !== e.compressedSize || e.localSizes.uncompressedSize !== e.uncompressedSize)) {
    return "its local header declares other sizes than the archive's directory, so extractors that read local headers would unpack something else";
  }
  return null;
}

function inspectGzip(bytes: Uint8Array, budget: Budget, level: number): ContentVerdict {
  const detectedType = 'gzip';
  const deep = depthProblem(level, budget);
  if (deep) return { detectedType, finding: found(deep) };
  let header;
  try {
    header = readGzipHeader(bytes);
  } catch (err) {
    if (!(err instanceof GzipFormatError)) throw err;
    return { detectedType, finding: found(`the gzip file is malformed (${err.message})`) };
  }
  const name = header.originalName ?? '(compressed content)';
  const risky = header.originalName && riskyNameReason(header.originalName);
  if (risky) return { detectedType, finding: found(risky, [name]) };
  const problem = charge(budget, 1, header.declaredSize) ?? ratioProblem(header.declaredSize, bytes.length, budget, 'the gzip file');
  if (problem) return { detectedType, finding: found(problem) };
  const spent = spendInspection(budget, header.declaredSize);
  if (spent) return { detectedType, finding: found(spent) };
  let inner: Uint8Array;
  try {
    inner = gunzipBounded(bytes, header.declaredSize);
  } catch (err) {
    if (err instanceof EntryBytesError) return { detectedType, finding: found(err.message) };
    throw err;
  }
  return { detectedType, finding: within(name, inspectBytes(inner, budget, level + 1).finding) };
}

function inspectTar(bytes: Uint8Array, budget: Budget, level: number): ContentVerdict {
  const detectedType = 'tar';
  const deep = depthProblem(level, budget);
  if (deep) return { detectedType, finding: found(deep) };
  let listing;
  try {
    listing = readTarListing(bytes, budget.limits.maxArchiveEntries - budget.entries);
  } catch (err) {
    if (!(err instanceof TarFormatError)) throw err;
    return { detectedType, finding: found(`the tar archive is malformed (${err.message})`) };
  }
  const overLimit = charge(budget, listing.entryCount, listing.entries.reduce((sum, e) => sum + e.size, 0));
  if (overLimit) return { detectedType, finding: found(overLimit) };
  for (const e of listing.entries) {
    if (escapesArchive(e.name)) return { detectedType, finding: found('this path would be extracted outside the target folder', [e.name]) };
    const risky = riskyNameReason(e.name);
    if (risky) return { detectedType, finding: found(risky, [e.name]) };
  }
  for (const e of listing.entries) {
    if (e.kind !== 'file' || e.size === 0) continue;
    const data = bytes.subarray(e.dataOffset, e.dataOffset + e.size);
    const finding = inspectMember(e.name, data.subarray(0, 4096), () => data, budget, level, false);
    if (finding) return { detectedType, finding };
  }
  return { detectedType, finding: null };
}

/** `level` is how many archives enclose `bytes` (0 for the attachment itself). */
function inspectBytes(bytes: Uint8Array, budget: Budget, level: number): ContentVerdict {
  const type = sniffType(bytes, true);
  const risk = riskOfType(type, false);
  if (risk) return { detectedType: type, finding: found(risk) };
  switch (type) {
    case 'zip':
      return inspectZip(bytes, budget, level);
    case 'gzip':
      return inspectGzip(bytes, budget, level);
    case 'tar':
      return inspectTar(bytes, budget, level);
    case 'ole':
    case 'rtf': {
      const { detectedType, problem } = type === 'ole' ? inspectOle(bytes) : inspectRtf(bytes);
      return { detectedType, finding: problem ? found(problem) : null };
    }
    default:
      return { detectedType: type, finding: null };
  }
}

/** Detects the type of `bytes` and looks through them (archives recursively, within `limits`) for what is unsafe. */
export function inspectContent(bytes: Uint8Array, limits: AttachmentLimits): ContentVerdict {
  return inspectBytes(bytes, { limits, entries: 0, declaredBytes: 0, inflatedBytes: 0 }, 0);
}

export function describeFinding(finding: Finding): string {
  return finding.path.length ? `"${finding.path.join(' › ')}": ${finding.message}` : finding.message;
}
