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
};

/**
 * Queues the acknowledgement of a new ticket unless the requester already had `ackLimitPerHour` of them in the
 * last hour: the limit is what keeps us from looping with another robot that slipped past the header checks.
 * Returns whether one was queued.
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
    subject: a.subject,
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
