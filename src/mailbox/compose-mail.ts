import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export type OutgoingMail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  inReplyTo: string | null;
  references: string[];
  automatic: boolean;
  ticketReference: string;
  /** The recipient's anti-phishing phrase, shown first in both parts so a forgery is easy to tell apart. */
  antiPhishingPhrase: string | null;
  locale: string;
};

function phraseBanner(phrase: string, locale: string): string {
  return locale === 'zh-CN'
    ? `您的防钓鱼码：${phrase}\n（只有我们发出的邮件会带有您设置的这段文字；没有它的邮件不是我们发的。）`
    : `Your anti-phishing phrase: ${phrase}\n(Only mail from us carries the phrase you set; mail without it is not ours.)`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function textToHtml(text: string): string {
  return `<div style="font-family:sans-serif;white-space:pre-wrap">${escapeHtml(text)}</div>`;
}

/**
 * A Message-ID for a mail we send: 160 random bits, nothing derived from the ticket, the customer or the time.
 * Knowing one of our ids is what lets a reply join its ticket (thread-message.ts), so it must be as hard to
 * guess as a password (a UUID v4 has only 122 random bits).
 */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'walletdesk.local';
  return `<wd.${randomBytes(20).toString('hex')}@${domain}>`;
}

/**
 * Our Message-IDs as they appear in text (bounces quote them): today's 40 hex digits, and the UUID shape of
 * mail sent before, whose bounces may still arrive.
 */
export const OUR_MESSAGE_ID = /<wd\.(?:[0-9a-f]{40}|[0-9a-f-]{36})@[^<>\s]+>/gi;

// RFC 5322 3.6.4 lets a long References header be trimmed; keep the thread root and the most recent ids.
function trimReferences(ids: string[]): string[] {
  return ids.length <= 20 ? ids : [ids[0] as string, ...ids.slice(-19)];
}

/** Composes the exact bytes we send, so the outbound log holds what the customer received. */
export async function composeMail(mail: OutgoingMail, messageId: string): Promise<Buffer> {
  const headers: Record<string, string> = { 'X-Walletdesk-Ticket': mail.ticketReference };
  if (mail.automatic) {
    // RFC 3834: mark our automatic answers so other robots don't answer them.
    headers['Auto-Submitted'] = 'auto-replied';
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  const banner = mail.antiPhishingPhrase ? phraseBanner(mail.antiPhishingPhrase, mail.locale) : null;
  const html = mail.html ?? textToHtml(mail.text);
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    replyTo: mail.from,
    subject: mail.subject,
    text: banner ? `${banner}\n\n${mail.text}` : mail.text,
    html: banner ? `<div style="border:2px solid #1a7f37;padding:8px;margin-bottom:12px;font-family:sans-serif;white-space:pre-wrap">${escapeHtml(banner)}</div>${html}` : html,
    messageId,
    inReplyTo: mail.inReplyTo ?? undefined,
    references: mail.references.length ? trimReferences(mail.references) : undefined,
    date: new Date(),
    headers,
  });
  return composer.compile().build();
}
