const MiB = 1024 * 1024;

/** Limits on what a message may carry and on how far an archive may be looked into. */
export type AttachmentLimits = {
  /** Largest single attachment; larger ones are quarantined without inspection. */
  maxAttachmentBytes: number;
  /** Largest total of the attachments of one message. */
  maxMessageBytes: number;
  /** Most attachments one message may carry. */
  maxAttachments: number;
  /** Largest uncompressed size an archive may declare, all nesting levels counted together. */
  maxUncompressedBytes: number;
  /** Largest uncompressed-to-compressed ratio of an archive or of one entry (for content of 1 MiB or more). */
  maxCompressionRatio: number;
  /** Most entries an archive may list, all nesting levels counted together. */
  maxArchiveEntries: number;
  /** Most archive levels, the attachment itself counting as the first. */
  maxArchiveDepth: number;
  /** Most bytes decompressed in total to look inside nested archives and documents. */
  maxInspectBytes: number;
};

export const DEFAULT_ATTACHMENT_LIMITS: Readonly<AttachmentLimits> = Object.freeze({
  maxAttachmentBytes: 25 * MiB,
  maxMessageBytes: 50 * MiB,
  maxAttachments: 50,
  maxUncompressedBytes: 256 * MiB,
  maxCompressionRatio: 100,
  maxArchiveEntries: 1000,
  maxArchiveDepth: 3,
  maxInspectBytes: 32 * MiB,
});

/** Ordinary files (a CSV of zeros, a blank bitmap) compress very well when small; ratios count from this size on. */
export const RATIO_FLOOR_BYTES = MiB;

/**
 * Every archive entry is expanded to check its declared size. Entries declaring up to this much are expanded by
 * zlib into a buffer of at most this size (plus one byte, to see a lie); larger ones are only counted, without
 * keeping their output (zip-inflated-size.ts), so checking never holds more than this in memory per entry.
 */
export const VERIFY_IN_MEMORY_BYTES = 8 * MiB;

export function resolveLimits(limits: Partial<AttachmentLimits> | undefined): AttachmentLimits {
  return { ...DEFAULT_ATTACHMENT_LIMITS, ...limits };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * MiB) return `${(n / (1024 * MiB)).toFixed(1)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
