import type { Email } from 'postal-mime';

// Subjects mail clients put on out-of-office answers, in the languages our customers' clients speak.
const AUTO_REPLY_SUBJECT = /^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|auto:|away:|vacation|自动回复|自動回覆|自动答复|不在办公室|休假)/i;

/**
 * An automatic answer such as an out-of-office notice (RFC 3834 `Auto-Submitted: auto-replied`, Microsoft's and
 * Google's own markers, or the usual subjects). It is kept on its ticket but must not reopen it.
 */
export function isAutomaticReply(mail: Email, subject: string): boolean {
  const header = (name: string) => mail.headers.find((h) => h.key === name)?.value.trim().toLowerCase();
  if (header('auto-submitted')?.startsWith('auto-replied')) return true;
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined) return true;
  if (header('x-ms-exchange-inbox-rules-loop') !== undefined) return true;
  return AUTO_REPLY_SUBJECT.test(subject);
}
