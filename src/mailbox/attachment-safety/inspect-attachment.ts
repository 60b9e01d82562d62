import { expectedTypesFor, extensionOf, riskyNameReason } from './file-names.ts';
import { FILE_TYPES, IMAGE_TYPES, type DetectedType } from './file-types.ts';
import { describeFinding, inspectContent, type ContentVerdict } from './inspect-content.ts';
import { formatBytes, resolveLimits, type AttachmentLimits } from './limits.ts';
import { sniffType } from './sniff-type.ts';

export type AttachmentInput = { filename: string; declaredType: string; content: Uint8Array };

export type AttachmentInspection = {
  /** What the bytes are, whatever the name or the sender's Content-Type say (see FILE_TYPES for MIME types). */
  detectedType: DetectedType;
  quarantined: boolean;
  /** Why it is quarantined, for the agent: every reason found, most telling first. */
  reason: string | null;
};

const HEAD_BYTES = 64 * 1024;

function mismatchReason(filename: string, declaredType: string, detected: DetectedType): string | null {
  if (detected === 'empty') return null;
  const expected = expectedTypesFor(filename);
  if (expected && !expected.includes(detected)) {
    return `the name says .${extensionOf(filename)} but the content is ${FILE_TYPES[detected].label}`;
  }
  // A sender's Content-Type decides how a client renders the part, so an image or PDF claim must hold too.
  const mime = declaredType.split(';')[0]!.trim().toLowerCase();
  const claimsImage = mime.startsWith('image/') && mime !== 'image/svg+xml';
  if ((claimsImage && !IMAGE_TYPES.has(detected)) || (mime === 'application/pdf' && detected !== 'pdf')) {
    return `it is declared as ${mime} but the content is ${FILE_TYPES[detected].label}`;
  }
  return null;
}

/**
 * Decides whether an attachment may be shown to agents. The type comes from the content; executables, scripts,
 * macro documents, HTML/SVG, encrypted or uninspectable archives, archives over the limits, and files whose name
 * or declared type misrepresents their content are quarantined. Never throws on hostile input: anything that
 * cannot be inspected is quarantined with the reason.
 */
export function inspectAttachment(attachment: AttachmentInput, limits?: Partial<AttachmentLimits>): AttachmentInspection {
  const resolved = resolveLimits(limits);
  const { filename, declaredType, content } = attachment;
  if (content.length > resolved.maxAttachmentBytes) {
    return {
      detectedType: sniffType(content.subarray(0, HEAD_BYTES), false),
      quarantined: true,
      reason: `the attachment is ${formatBytes(content.length)}, over the ${formatBytes(resolved.maxAttachmentBytes)} limit for one attachment, so it was not inspected`,
    };
  }
  let verdict: ContentVerdict;
  try {
    verdict = inspectContent(content, resolved);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    verdict = { detectedType: sniffType(content.subarray(0, HEAD_BYTES), false), finding: { path: [], message: `it could not be inspected (${detail})` } };
  }
  const mismatch = mismatchReason(filename, declaredType, verdict.detectedType);
  let finding = verdict.finding && describeFinding(verdict.finding);
  // "the name says .jpg but the content is a Windows executable (PE)" already says what the finding would repeat.
  const sameSubject = `the content is ${FILE_TYPES[verdict.detectedType].label}`;
  let lead = mismatch;
  if (mismatch && finding?.startsWith(sameSubject) && mismatch.endsWith(sameSubject)) {
    lead = mismatch + finding.slice(sameSubject.length);
    finding = null;
  }
  const reasons = [lead, finding].filter((r): r is string => Boolean(r));
  // The name matters on its own when the content passed: it is what the agent's system will act on.
  if (!reasons.length) {
    const risky = riskyNameReason(filename);
    if (risky) reasons.push(risky);
  }
  return { detectedType: verdict.detectedType, quarantined: reasons.length > 0, reason: reasons.length ? reasons.join('; ') : null };
}
