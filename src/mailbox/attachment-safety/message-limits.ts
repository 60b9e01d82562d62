import { inspectAttachment, type AttachmentInput, type AttachmentInspection } from './inspect-attachment.ts';
import { formatBytes, resolveLimits, type AttachmentLimits } from './limits.ts';
import { sniffType } from './sniff-type.ts';

/**
 * Applies the per-message limits to attachment sizes, in message order: each entry is null when the attachment
 * fits, else why not. Attachments are taken first come, first served; one refused for its own size does not count
 * toward the message's total or number.
 */
export function checkMessageLimits(sizes: readonly number[], limits?: Partial<AttachmentLimits>): (string | null)[] {
  const { maxAttachmentBytes, maxMessageBytes, maxAttachments } = resolveLimits(limits);
  let accepted = 0;
  let total = 0;
  return sizes.map((size) => {
    if (size > maxAttachmentBytes) {
      return `the attachment is ${formatBytes(size)}, over the ${formatBytes(maxAttachmentBytes)} limit for one attachment`;
    }
    if (accepted >= maxAttachments) return `the message has more than ${maxAttachments} attachments, the limit for one message`;
    if (total + size > maxMessageBytes) return `the message's attachments exceed the ${formatBytes(maxMessageBytes)} limit for one message`;
    accepted++;
    total += size;
    return null;
  });
}

/** Message limits first, then each attachment that fits them is inspected on its own. */
export function inspectMessageAttachments(
  attachments: readonly AttachmentInput[],
  limits?: Partial<AttachmentLimits>,
): AttachmentInspection[] {
  const overLimit = checkMessageLimits(attachments.map((a) => a.content.length), limits);
  return attachments.map((a, i) => {
    const reason = overLimit[i];
    if (!reason) return inspectAttachment(a, limits);
    return { detectedType: sniffType(a.content.subarray(0, 64 * 1024), false), quarantined: true, reason: `${reason}, so it was not inspected` };
  });
}
