import type { Email } from 'postal-mime';
import { sha256Hex } from '../platform/storage/blobs.ts';

/**
 * Headers that the relays between the author and us add or rewrite, so two deliveries of one message differ in
 * them: trace fields (RFC 5321 section 4.4), the receiving side's verdicts, and the transfer encoding, which a
 * relay may change when it downgrades 8-bit mail.
 */
const TRANSPORT_HEADERS = new Set([
  'received',
  'x-received',
  'return-path',
  'delivered-to',
  'x-delivered-to',
  'x-original-to',
  'envelope-to',
  'x-envelope-from',
  'x-envelope-to',
  'received-spf',
  'authentication-results',
  'arc-seal',
  'arc-message-signature',
  'arc-authentication-results',
  'x-virus-scanned',
  'content-transfer-encoding',
]);

function isTransportHeader(key: string): boolean {
  return TRANSPORT_HEADERS.has(key) || key.startsWith('x-spam-');
}

/** Line endings and trailing blanks are a relay's (or a mailbox's) choice, never the author's. */
function normalisedText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
}

type IdentityParts = {
  text: string;
  html: string | null;
  attachments: { content: Uint8Array; filename: string; contentType: string; contentId: string | null; inline: boolean }[];
};

/**
 * What makes one mail this mail, for dedupe: every header the author's side wrote, the text and HTML, and each
 * attachment's name, type, disposition and bytes. Two deliveries of one message (an SMTP retry, the same mail
 * taken again over IMAP after the server renumbered the mailbox) share it: what relays add is left out, and so
 * is how the MIME was written out (the multipart boundary, the transfer encoding), which a mail composed twice
 * may change. A message that differs in anything a person would see (an attachment's file name, its type, a
 * Reply-To, the words) gets another.
 */
export function messageIdentity(mail: Email, parts: IdentityParts): string {
  const headers = mail.headers
    .filter((h) => !isTransportHeader(h.key))
    .map((h) => {
      const value = h.value.replace(/\s+/g, ' ').trim();
      return [h.key, h.key === 'content-type' ? value.replace(/;\s*boundary=("[^"]*"|[^;\s]*)/i, '') : value];
    });
  return sha256Hex(
    JSON.stringify({
      headers,
      text: normalisedText(parts.text),
      html: parts.html === null ? null : normalisedText(parts.html),
      attachments: parts.attachments.map((a) => [a.filename, a.contentType, a.inline, a.contentId, sha256Hex(a.content)]),
    }),
  );
}
