import { domainToASCII } from 'node:url';
import { sha256Hex } from '../platform/storage/blobs.ts';
import type { InboundAttachment, InboundMessage, Party } from '../tickets/inbound-message.ts';
import { inspectMessageAttachments } from './attachment-safety/message-limits.ts';
import { decodeTextFile } from './attachment-safety/sniff-text.ts';
import { isAutomaticReply } from './automatic-reply.ts';
import { noAutoReplyReason } from './loop-protection.ts';
import type { MailboxSettings } from './mailbox-settings.ts';
import type { ParsedMail } from './parse-mail.ts';
import type { RawEnvelope } from './read-inbound.ts';
import type { SenderAuth } from './sender-auth/check-sender.ts';

const MAX_ATTACHMENT_TEXT = 256 * 1024;

function domainOf(address: string): string {
  return domainToASCII(address.split('@').pop() ?? '').toLowerCase();
}

/**
 * Judges the attachments (unsafe ones are kept too, marked: evidence is never thrown away) and reads the text
 * ones. Nothing is written here: the contents are stored in the transaction that records the message, so a
 * message and its files commit together.
 */
function readAttachments(parsed: ParsedMail, settings: MailboxSettings) {
  const inspections = inspectMessageAttachments(
    parsed.attachments.map((a) => ({ filename: a.filename, declaredType: a.contentType, content: a.content })),
    settings.attachmentLimits,
  );
  const attachments: InboundAttachment[] = [];
  const texts: string[] = [];
  for (const [i, a] of parsed.attachments.entries()) {
    const inspection = inspections[i];
    attachments.push({
      blobHash: sha256Hex(a.content),
      filename: a.filename,
      contentType: a.contentType,
      size: a.content.byteLength,
      contentId: a.contentId,
      inline: a.inline,
      detectedType: inspection?.detectedType ?? null,
      quarantineReason: inspection?.quarantined ? (inspection.reason ?? 'unsafe content') : null,
    });
    if (!inspection?.quarantined && /^text\/(plain|csv)/.test(a.contentType)) {
      texts.push(decodeTextFile(a.content, MAX_ATTACHMENT_TEXT) ?? new TextDecoder().decode(a.content.subarray(0, MAX_ATTACHMENT_TEXT)));
    }
  }
  return { attachments, texts };
}

/**
 * The channel-neutral message the ticket core takes, from a parsed mail: who really sent it (as far as SPF,
 * DKIM and DMARC tell), its attachments judged by content, and whether it may be answered automatically.
 * Writes nothing, so it runs before the recording transaction.
 */
export function buildInboundMessage(
  row: RawEnvelope,
  parsed: ParsedMail,
  from: Party,
  auth: SenderAuth,
  settings: MailboxSettings,
): InboundMessage {
  const viaSmtp = row.source === 'smtp';
  // DMARC speaks for the From domain as mailauth read it; if our parser saw another sender (or fell back to
  // Sender or the envelope), the two readings disagree and nothing is proven about the address we show.
  const sameSender = parsed.from !== null && auth.header_from_domain === domainOf(from.address);
  const { attachments, texts } = readAttachments(parsed, settings);
  return {
    channel: 'mail',
    from,
    to: parsed.to,
    cc: parsed.cc,
    subject: parsed.subject,
    text: parsed.text,
    html: parsed.html,
    attachments,
    attachmentTexts: texts,
    // A message without a Message-ID gets one derived from its content, so a second delivery still dedupes.
    externalId: parsed.messageId ?? `<${parsed.contentHash}@no-message-id.walletdesk>`,
    repliesTo: parsed.repliesTo,
    contentHash: parsed.contentHash,
    rawId: row.id,
    noAutoReplyReason: noAutoReplyReason(parsed.mail, from.address, viaSmtp ? row.mail_from : null),
    automated: isAutomaticReply(parsed.mail, parsed.subject),
    auth: { spf: auth.spf, dkim: auth.dkim, dmarc: auth.dmarc, arc: auth.arc },
    unverifiedSender: auth.unverified_sender || !sameSender,
  };
}
