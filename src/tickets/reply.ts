import type { Db } from '../platform/db/connect.ts';
import { sanitizeMailHtml } from '../platform/html/sanitize-html.ts';
import { recordOutbound } from './record-outbound.ts';
import type { TicketSettings } from './settings.ts';

export type ReplyInput = { ticketId: number; agentId: number; text: string; html?: string | undefined };

/**
 * An agent's answer: recorded on the ticket, queued for delivery to the requester, and the ticket waits for the
 * customer. Returns the new message id, or undefined when the ticket does not exist.
 */
export async function replyToTicket(db: Db, settings: TicketSettings, input: ReplyInput): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    const ticket = await trx
      .selectFrom('tickets')
      .innerJoin('contacts', 'contacts.id', 'tickets.requester_id')
      .select(['tickets.id', 'tickets.reference', 'tickets.locale', 'contacts.email'])
      .where('tickets.id', '=', input.ticketId)
      .executeTakeFirst();
    if (!ticket) return undefined;
    const now = Date.now();
    const messageId = await recordOutbound(trx, {
      ticketId: ticket.id,
      kind: 'reply',
      from: settings.deskAddress,
      to: ticket.email,
      subject: replySubject(ticket.reference ?? '', ticket.locale),
      text: input.text,
      html: input.html ? sanitizeMailHtml(input.html) : null,
      authorAgentId: input.agentId,
    }, now);
    await trx.updateTable('tickets').set({ status: 'pending', updated_at: now }).where('id', '=', ticket.id).execute();
    return messageId;
  });
}

/**
 * Our words only: the reply carries the customer's anti-phishing phrase, and the ticket's subject is whatever its
 * first mail said, possibly written by someone who forged the customer's From ("URGENT: unlock at https://…").
 * The reference keeps it findable; mail programs thread it by In-Reply-To and References.
 */
function replySubject(reference: string, locale: string): string {
  return locale === 'zh-CN' ? `Re: [${reference}] 客服回复` : `Re: [${reference}] Reply from support`;
}
