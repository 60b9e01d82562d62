import { domainToASCII } from 'node:url';
import type { Selectable } from 'kysely';
import type { Db } from '../platform/db/connect.ts';
import type { InboundRawTable } from '../platform/db/schema.ts';
import { putBlob } from '../platform/storage/blobs.ts';
import type { InboundAttachment, InboundMessage, Party } from '../tickets/inbound-message.ts';
import { inspectMessageAttachments } from './attachment-safety/message-limits.ts';
import { isAutomaticReply } from './automatic-reply.ts';
import { noAutoReplyReason } from './loop-protection.ts';
import type { MailboxSettings } from './mailbox-settings.ts';
import type { ParsedMail } from './parse-mail.ts';
import { checkSender } from './sender-auth/check-sender.ts';

const MAX_ATTACHMENT_TEXT = 256 * 1024;

function domainOf(address: string): string {
  return domainToASCII(address.split('@').pop() ?? '').toLowerCase();
}

/** Stores the attachments (unsafe ones too, marked: evidence is never thrown away) and reads the text ones. */
async function storeAttachments(db: Db, parsed: ParsedMail, settings: MailboxSettings) {
  const inspections = inspectMessageAttachments(
    parsed.attachments.map((a) => ({ filename: a.filename, declaredType: a.contentType, content: a.content })),
    settings.attachmentLimits,
  );
  const attachments: InboundAttachment[] = [];
  const texts: string[] = [];
  for (const [i, a] of parsed.attachments.entries()) {
    const inspection = inspections[i];
    const blobHash = await putBlob(db, a.content);
    attachments.push({
      blobHash,
      filename: a.filename,
      contentType: a.contentType,
      size: a.content.byteLength,
      contentId: a.contentId,
      inline: a.inline,
      detectedType: inspection?.detectedType ?? null,
      quarantineReason: inspection?.quarantined ? (inspection.reason ?? 'unsafe content') : null,
    });
    if (!inspection?.quarantined && /^text\/(plain|csv)/.test(a.contentType)) {
      texts.push(new TextDecoder().decode(a.content.subarray(0, MAX_ATTACHMENT_TEXT)));
    }
  }
  return { attachments, texts };
}

/**
 * The channel-neutral message the ticket core takes, from a parsed mail: who really sent it (as far as SPF,
 * DKIM and DMARC tell), its attachments judged by content, and whether it may be answered automatically.
 */
export async function buildInboundMessage(
  db: Db,
  raw: Buffer,
  row: Selectable<InboundRawTable>,
  parsed: ParsedMail,
  from: Party,
  settings: MailboxSettings,
): Promise<InboundMessage> {
  const viaSmtp = row.source === 'smtp';
  const auth = await checkSender(raw, {
    ip: viaSmtp ? row.remote_address : null,
    helo: row.helo,
    mailFrom: row.mail_from,
    resolver: settings.resolver,
    trustedAuthservIds: settings.trustedAuthservIds,
  });
  // DMARC speaks for the From domain as mailauth read it; if our parser saw another sender (or fell back to
  // Sender or the envelope), the two readings disagree and nothing is proven about the address we show.
  const sameSender = parsed.from !== null && auth.header_from_domain === domainOf(from.address);
  const { attachments, texts } = await storeAttachments(db, parsed, settings);
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
