import type { Db } from '../platform/db/connect.ts';
import { enqueueJob } from '../platform/jobs/queue.ts';

/** The job a channel handles to deliver an outbound message; the mailbox registers its handler. */
export const DELIVER_MESSAGE_JOB = 'deliver-message';

export type OutboundDraft = {
  ticketId: number;
  kind: 'acknowledgement' | 'reply';
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  authorAgentId: number | null;
  /** What ticket search matches, when it must leave part of the text out; subject and text otherwise. */
  searchText?: string;
};

/**
 * Records a message we send and queues its delivery in the same transaction, so a message is never recorded
 * without being sent nor sent without being recorded.
 */
export async function recordOutbound(trx: Db, draft: OutboundDraft, now = Date.now()): Promise<number> {
  const row = await trx
    .insertInto('messages')
    .values({
      ticket_id: draft.ticketId,
      direction: 'outbound',
      kind: draft.kind,
      channel: 'mail',
      from_address: draft.from,
      from_name: null,
      to_json: JSON.stringify([{ address: draft.to, name: null }]),
      cc_json: '[]',
      subject: draft.subject,
      text: draft.text,
      html: draft.html,
      search_text: (draft.searchText ?? `${draft.subject}\n${draft.text}`).toLowerCase(),
      external_id: null,
      in_reply_to: null,
      references_json: '[]',
      dedupe_key: null,
      raw_id: null,
      author_agent_id: draft.authorAgentId,
      delivery_status: 'queued',
      delivery_attempts: 0,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // An acknowledgement can trail a burst of incoming mail by a few seconds; an agent's answer is sent in turn.
  await enqueueJob(trx, DELIVER_MESSAGE_JOB, { message_id: row.id }, { priority: draft.kind === 'acknowledgement' ? 'deferrable' : 'normal' });
  return row.id;
}
