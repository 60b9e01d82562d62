import type { Db } from '../platform/db/connect.ts';
import { acknowledgementText } from './acknowledgement-text.ts';
import type { EvidenceItem } from './evidence/evidence-items.ts';
import { evidenceRequestText } from './evidence/evidence-request-text.ts';
import type { Locale } from './detect-language.ts';
import { recordOutbound } from './record-outbound.ts';
import type { TicketSettings } from './settings.ts';
import { signStatusToken, statusUrl } from './status-link.ts';

const HOUR = 3_600_000;

export type AcknowledgeInput = {
  ticketId: number;
  reference: string;
  subject: string;
  locale: Locale;
  requesterId: number;
  requesterAddress: string;
  /** Checklist items the report lacks: the acknowledgement asks for exactly these. */
  evidenceMissing: EvidenceItem[];
  channel: 'mail' | 'web';
  /** DMARC passed for the From domain of a mail a person wrote (not an automatic answer). */
  senderProven: boolean;
};

/**
 * Queues the acknowledgement of a new ticket unless the requester already had `ackLimitPerHour` of them in the
 * last hour: the limit is what keeps us from looping with another robot that slipped past the header checks.
 * Returns whether one was queued.
 *
 * Anyone can make us acknowledge: a form post names any address, a From header can be forged. So the official
 * address must never repeat an unproven writer's words to the address they named: "URGENT: unlock at https://…"
 * under our name is phishing we would be sending. An acknowledgement therefore repeats the customer's subject
 * only to a sender who proved the address (`senderProven`: a mail, DMARC pass); to anyone else (form posts,
 * DMARC none or fail, out-of-office answers) its subject and body are entirely our words. And as automatic mail
 * it never carries the anti-phishing phrase either way (anti-phishing-phrase.ts has that rule).
 */
export async function acknowledge(trx: Db, settings: TicketSettings, a: AcknowledgeInput, now = Date.now()): Promise<boolean> {
  const recent = await trx
    .selectFrom('messages')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tickets.requester_id', '=', a.requesterId)
    .where('messages.kind', '=', 'acknowledgement')
    .where('messages.created_at', '>', now - HOUR)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= settings.ackLimitPerHour) return false;

  const link = statusUrl(settings.publicUrl, signStatusToken(settings.statusLinkSecret, { ticketId: a.ticketId, contactId: a.requesterId }, now));
  const { subject, text } = acknowledgementText(a.locale, {
    reference: a.reference,
    channel: a.channel,
    echoedSubject: a.channel === 'mail' && a.senderProven ? a.subject : null,
    firstReplyHours: settings.firstReplyHours,
    evidenceRequest: evidenceRequestText(a.locale, a.evidenceMissing),
    statusUrl: link,
  });
  await recordOutbound(trx, {
    ticketId: a.ticketId,
    kind: 'acknowledgement',
    from: settings.deskAddress,
    to: a.requesterAddress,
    subject,
    text,
    html: null,
    authorAgentId: null,
    // The link's signature is random text: left in, a search for "t_x" finds whichever tickets it happens to spell.
    searchText: `${subject}\n${text.replaceAll(link, '')}`,
  }, now);
  return true;
}
