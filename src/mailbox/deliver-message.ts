import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import { durableTransaction, type Db } from '../platform/db/connect.ts';
import { PermanentJobError, type JobContext } from '../platform/jobs/worker.ts';
import { getBlob, putBlob } from '../platform/storage/blobs.ts';
import { antiPhishingPhraseForOutbound } from '../tickets/anti-phishing-phrase.ts';
import { openBytes, sealBytes } from '../platform/encryption.ts';
import { redactSecretLinks } from '../platform/redact-secret-links.ts';
import { composeMail, newMessageId, type OutgoingMail } from './compose-mail.ts';
import type { SignMail } from './dkim-sign.ts';

export const deliverMessagePayload = z.object({ message_id: z.number().int().positive() });
type Payload = z.infer<typeof deliverMessagePayload>;

const rawContext = (messageId: number) => `messages.raw:${messageId}`;

/** The ids this message answers: the customer's last message, and the whole chain before it. */
async function threadHeaders(db: Db, ticketId: number, beforeId: number) {
  const earlier = await db
    .selectFrom('messages')
    .select(['external_id', 'direction'])
    .where('ticket_id', '=', ticketId)
    .where('id', '<', beforeId)
    .where('external_id', 'is not', null)
    .orderBy('id')
    .execute();
  const references = [...new Set(earlier.map((m) => m.external_id as string))];
  const lastInbound = earlier.filter((m) => m.direction === 'inbound').at(-1)?.external_id ?? null;
  return { inReplyTo: lastInbound ?? references.at(-1) ?? null, references };
}

/**
 * Composes and DKIM-signs the message once (the Message-ID and signed bytes are stored before the first attempt,
 * so a retry resends the very same mail and the outbound log shows what the customer received), then hands it to
 * the relay. No relay configured: recorded as not sent.
 */
export async function composeOnce(db: Db, messageId: number, sign: SignMail) {
  const msg = await db
    .selectFrom('messages')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .selectAll('messages')
    .select(['tickets.reference', 'tickets.locale'])
    .where('messages.id', '=', messageId)
    .executeTakeFirst();
  if (!msg || msg.direction !== 'outbound') throw new PermanentJobError(`no outbound message ${messageId}`);
  const to = (JSON.parse(msg.to_json) as { address: string }[]).map((p) => p.address);
  if (msg.raw_sealed && msg.external_id) return { msg, to, raw: openBytes(msg.raw_sealed, rawContext(msg.id)) };
  if (msg.raw_blob_hash && msg.external_id) {
    const raw = await getBlob(db, msg.raw_blob_hash);
    if (raw) return { msg, to, raw };
  }
  const thread = await threadHeaders(db, msg.ticket_id, msg.id);
  const externalId = newMessageId(msg.from_address);
  const outgoing: OutgoingMail = {
    from: msg.from_address,
    to: to.join(', '),
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    inReplyTo: thread.inReplyTo,
    references: thread.references,
    automatic: msg.kind === 'acknowledgement',
    ticketReference: msg.reference ?? '',
    antiPhishingPhrase: to[0] ? await antiPhishingPhraseForOutbound(db, msg.kind, to[0]) : null,
    locale: msg.locale,
  };
  const raw = await sign(await composeMail(outgoing, externalId));
  // A mail with a secret link (the acknowledgement's status link) is kept as sent only sealed, and only until
  // its last attempt; the outbound log, the ticket and the status page keep the same mail with the link redacted.
  const text = redactSecretLinks(msg.text);
  const html = msg.html === null ? null : redactSecretLinks(msg.html);
  const secret = text !== msg.text || html !== msg.html;
  const kept = secret ? await composeMail({ ...outgoing, text, html }, externalId) : raw;
  await durableTransaction(db, async (trx) => {
    const rawBlobHash = await putBlob(trx, kept);
    await trx
      .updateTable('messages')
      .set({
        external_id: externalId,
        raw_blob_hash: rawBlobHash,
        in_reply_to: thread.inReplyTo,
        references_json: JSON.stringify(thread.references),
        ...(secret ? { raw_sealed: sealBytes(raw, rawContext(msg.id)), text, html } : {}),
      })
      .where('id', '=', msg.id)
      .execute();
  });
  return { msg, to, raw };
}

export function deliverMessage(db: Db, relay: Transporter | undefined, sign: SignMail) {
  return async ({ message_id: messageId }: Payload, { log }: JobContext): Promise<void> => {
    const { msg, to, raw } = await composeOnce(db, messageId, sign);
    if (msg.delivery_status === 'sent' || msg.delivery_status === 'not_sent') return;
    if (!relay) {
      await db.updateTable('messages').set({ delivery_status: 'not_sent', delivery_error: 'no relay configured (WALLETDESK_SMTP_RELAY)', raw_sealed: null }).where('id', '=', messageId).execute();
      return;
    }
    try {
      // Automatic answers go out with an empty return path (RFC 3834 §4), so a bounce of one is never answered.
      const envelopeFrom = msg.kind === 'acknowledgement' ? '' : msg.from_address;
      await relay.sendMail({ envelope: { from: envelopeFrom, to }, raw });
      // Durable before the job counts as done: a "sent" lost to a power cut would send the mail again.
      await durableTransaction(db, (trx) =>
        trx
          .updateTable('messages')
          .set((eb) => ({ delivery_status: 'sent', sent_at: Date.now(), delivery_error: null, delivery_attempts: eb('delivery_attempts', '+', 1), raw_sealed: null }))
          .where('id', '=', messageId)
          .execute(),
      );
      log.info({ message_id: messageId }, 'outbound mail sent');
    } catch (caught) {
      const err = caught as Error & { responseCode?: number };
      await db
        .updateTable('messages')
        .set((eb) => ({ delivery_error: err.message.slice(0, 1000), delivery_attempts: eb('delivery_attempts', '+', 1) }))
        .where('id', '=', messageId)
        .execute();
      // A 5xx answer is the relay's final word about this message; 4xx and network errors may pass.
      if (err.responseCode && err.responseCode >= 500) throw new PermanentJobError(err.message);
      throw err;
    }
  };
}

/** When the last attempt failed, the outbound log says so, and the sealed bytes as sent go. */
export function markDeliveryFailed(db: Db) {
  return async ({ message_id: messageId }: Payload, error: Error): Promise<void> => {
    await db
      .updateTable('messages')
      .set({ delivery_status: 'failed', delivery_error: error.message.slice(0, 1000), raw_sealed: null })
      .where('id', '=', messageId)
      .where('delivery_status', '=', 'queued')
      .execute();
  };
}
