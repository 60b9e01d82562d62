import type { Db } from '../platform/db/connect.ts';
import type { ChainRef } from './chain-refs/find-chain-refs.ts';
import { normalizeAddress } from './contacts.ts';
import type { EvidenceItem } from './evidence/evidence-items.ts';
import type { InboundMessage } from './inbound-message.ts';

/** What the intake worked out about the message before recording it. */
export type InboundFindings = {
  dedupeKey: string | null;
  chainRefs: ChainRef[];
  evidenceMissing: EvidenceItem[] | undefined;
  /** Why the message named a ticket it was not let into (thread-message.ts), if it did. */
  threadingNote?: string | null;
};

/** Writes a customer's message, its attachments and the blockchain references it mentions. */
export async function recordInbound(trx: Db, ticketId: number, msg: InboundMessage, found: InboundFindings, now: number): Promise<number> {
  const row = await trx
    .insertInto('messages')
    .values({
      ticket_id: ticketId,
      direction: 'inbound',
      kind: 'customer',
      channel: msg.channel,
      from_address: normalizeAddress(msg.from.address),
      from_name: msg.from.name,
      to_json: JSON.stringify(msg.to),
      cc_json: JSON.stringify(msg.cc),
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      search_text: `${msg.subject}\n${msg.text}`.toLowerCase(),
      external_id: msg.externalId,
      in_reply_to: msg.repliesTo[0] ?? null,
      references_json: JSON.stringify(msg.repliesTo),
      dedupe_key: found.dedupeKey,
      raw_id: msg.rawId,
      author_agent_id: null,
      delivery_status: 'received',
      delivery_attempts: 0,
      auth_json: msg.auth ? JSON.stringify(msg.auth) : null,
      unverified_sender: msg.unverifiedSender ? 1 : 0,
      automated: msg.automated ? 1 : 0,
      threading_note: found.threadingNote ?? null,
      created_at: now,
      ...(found.evidenceMissing ? { evidence_missing_json: JSON.stringify(found.evidenceMissing) } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  if (msg.attachments.length > 0) {
    await trx
      .insertInto('attachments')
      .values(
        msg.attachments.map((a) => ({
          message_id: row.id,
          blob_hash: a.blobHash,
          filename: a.filename,
          content_type: a.contentType,
          size: a.size,
          content_id: a.contentId,
          inline: a.inline ? 1 : 0,
          detected_type: a.detectedType,
          quarantined: a.quarantineReason ? 1 : 0,
          quarantine_reason: a.quarantineReason,
        })),
      )
      .execute();
  }

  const refs = found.chainRefs;
  if (refs.length > 0) {
    await trx
      .insertInto('chain_refs')
      .values(refs.map((r) => ({ message_id: row.id, ticket_id: ticketId, kind: r.kind, chain: r.chain, value: r.value })))
      .execute();
  }
  return row.id;
}
