import type { Email } from 'postal-mime';
import { OUR_MESSAGE_ID } from './compose-mail.ts';
import { messageIdsIn } from './parse-mail.ts';

export type DeliveryAction = 'failed' | 'delayed';

export type DeliveryReport = {
  action: DeliveryAction;
  status: string | null;
  diagnostic: string | null;
  /** Message-IDs of the mail the report is about, as far as the report tells. */
  aboutMessageIds: string[];
};

// Our own Message-IDs have a shape of their own (compose-mail.ts), which lets us recognise them in bounces that
// quote the original only as text, as qmail and many hosted services do.

function textOf(content: ArrayBuffer | Uint8Array | string): string {
  return typeof content === 'string' ? content : new TextDecoder().decode(content);
}

/** RFC 3464 per-recipient fields of a message/delivery-status part: the worst action wins. */
function readStatusFields(status: string): { action: string | null; status: string | null; diagnostic: string | null } {
  const unfolded = status.replace(/\r?\n[ \t]+/g, ' ');
  const field = (name: string) => [...unfolded.matchAll(new RegExp(`^${name}:\\s*(.+)$`, 'gim'))].map((m) => (m[1] ?? '').trim());
  const actions = field('Action').map((a) => a.toLowerCase());
  const action = actions.includes('failed') ? 'failed' : actions.includes('delayed') ? 'delayed' : (actions[0] ?? null);
  return { action, status: field('Status')[0] ?? null, diagnostic: field('Diagnostic-Code')[0] ?? null };
}

/**
 * Recognises a delivery report about mail we sent: a multipart/report DSN (RFC 3464), or a plain-text bounce
 * from a mailer daemon that quotes one of our Message-IDs. Returns null for anything else, including reports
 * that only say a message was delivered: those need no action.
 */
export function readDeliveryReport(mail: Email, fromAddress: string): DeliveryReport | null {
  const statusPart = mail.attachments.find((a) => a.mimeType.toLowerCase() === 'message/delivery-status');
  const originalPart = mail.attachments.find((a) => /^(text\/rfc822-headers|message\/rfc822)$/i.test(a.mimeType));
  const originalIds = originalPart ? messageIdsIn(/^Message-ID:\s*(.+)$/im.exec(textOf(originalPart.content))?.[1]) : [];
  const quotedIds = [mail.text ?? '', ...mail.attachments.map((a) => (a.mimeType.startsWith('text/') || a.mimeType.startsWith('message/') ? textOf(a.content) : ''))]
    .flatMap((t) => t.match(OUR_MESSAGE_ID) ?? []);
  const aboutMessageIds = [...new Set([...originalIds, ...messageIdsIn(mail.inReplyTo), ...quotedIds])];

  if (statusPart) {
    const fields = readStatusFields(textOf(statusPart.content));
    if (fields.action !== 'failed' && fields.action !== 'delayed') return null;
    return { action: fields.action, status: fields.status, diagnostic: fields.diagnostic, aboutMessageIds };
  }
  const fromDaemon = /^(mailer-daemon|postmaster)@/i.test(fromAddress);
  if (fromDaemon && quotedIds.length > 0) {
    return { action: 'failed', status: null, diagnostic: (mail.text ?? '').trim().slice(0, 500) || null, aboutMessageIds: [...new Set(quotedIds)] };
  }
  return null;
}
