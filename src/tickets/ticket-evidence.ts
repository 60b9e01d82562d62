import type { Db } from '../platform/db/connect.ts';
import { evidenceMissing } from './evidence/evidence-missing.ts';
import type { EvidenceItem } from './evidence/evidence-items.ts';
import type { Category } from './triage/triage-labels.ts';

/**
 * What the ticket still lacks of a good report, judged on everything the customer sent so far: a follow-up that
 * supplies the hash or the screenshot clears the item. Stored on the newest message, so the console shows the
 * checklist as it stood after each message.
 */
export async function recordTicketEvidence(trx: Db, ticketId: number, messageId: number): Promise<EvidenceItem[]> {
  const ticket = await trx.selectFrom('tickets').select(['subject', 'category']).where('id', '=', ticketId).executeTakeFirstOrThrow();
  const messages = await trx
    .selectFrom('messages')
    .select(['id', 'text'])
    .where('ticket_id', '=', ticketId)
    .where('direction', '=', 'inbound')
    .where('automated', '=', 0)
    .orderBy('id')
    .execute();
  const ids = messages.map((m) => m.id);
  const [attachments, refs] = await Promise.all([
    trx.selectFrom('attachments').select(['filename', 'content_type']).where('message_id', 'in', ids).where('quarantined', '=', 0).execute(),
    trx.selectFrom('chain_refs').select(['kind', 'chain', 'value']).where('ticket_id', '=', ticketId).execute(),
  ]);
  const missing = evidenceMissing({
    category: ticket.category as Category,
    subject: ticket.subject,
    text: messages.map((m) => m.text),
    attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.content_type })),
    chainRefs: refs,
  });
  await trx.updateTable('messages').set({ evidence_missing_json: JSON.stringify(missing) }).where('id', '=', messageId).execute();
  return missing;
}
