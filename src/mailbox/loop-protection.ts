import type { Email } from 'postal-mime';

const ROBOT_LOCAL_PARTS = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|auto-?reply)([+-].*)?$/i;

/**
 * Why this mail must not get an automatic answer (RFC 3834 and the conventions robots actually follow), or null
 * when a human plausibly wrote it. Answering robots is how two auto-responders end up mailing each other forever.
 */
export function noAutoReplyReason(mail: Email, fromAddress: string, envelopeFrom: string | null): string | null {
  const header = (name: string) => mail.headers.find((h) => h.key === name)?.value.trim().toLowerCase();

  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted.split(';')[0]?.trim() !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = header('precedence');
  if (precedence && ['bulk', 'list', 'junk'].includes(precedence)) return `Precedence: ${precedence}`;
  if (header('list-id') !== undefined) return 'List-Id present';
  const suppress = header('x-auto-response-suppress');
  if (suppress && /\b(all|autoreply|oof)\b/.test(suppress)) return `X-Auto-Response-Suppress: ${suppress}`;
  if (/multipart\/report/.test(header('content-type') ?? '')) return 'delivery report';
  const localPart = fromAddress.split('@')[0] ?? '';
  if (ROBOT_LOCAL_PARTS.test(localPart)) return `automated sender ${localPart}`;
  // An empty return path (MAIL FROM:<>) is how bounces and other robots' mail is sent.
  const returnPath = envelopeFrom ?? mail.returnPath ?? null;
  if (returnPath !== null && returnPath.replace(/[<>\s]/g, '') === '') return 'empty return path';
  return null;
}
