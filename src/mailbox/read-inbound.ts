import type { Selectable } from 'kysely';
import type { InboundRawTable } from '../platform/db/schema.ts';
import { analyzeInbound } from '../tickets/analyze-inbound.ts';
import type { InboundAttachment, InboundMessage } from '../tickets/inbound-message.ts';
import { buildInboundMessage } from './build-inbound-message.ts';
import { readDeliveryReport, type DeliveryReport } from './delivery-report.ts';
import type { MailboxSettings } from './mailbox-settings.ts';
import { parseMail, UnparseableMailError } from './parse-mail.ts';
import { checkSender } from './sender-auth/check-sender.ts';

/** The envelope of a stored raw message: what reading it needs besides the bytes. */
export type RawEnvelope = Pick<Selectable<InboundRawTable>, 'id' | 'source' | 'remote_address' | 'helo' | 'mail_from'>;

/** What a stored raw message turned out to be, worked out without the database. */
export type InboundReading =
  | { kind: 'quarantine'; reason: string }
  | { kind: 'delivery-report'; report: DeliveryReport }
  /** `files` are the attachment contents with their hashes (computed here, off the main thread), to store with the message. */
  | { kind: 'message'; message: InboundMessage; files: { hash: string; content: Uint8Array }[] };

/**
 * Everything about a raw message that needs no database: sender checks, MIME parsing, attachment inspection and
 * the reading of its words (analyzeInbound). It is the bulk of the CPU of taking in mail, which is why it is one
 * pure step that read-inbound-pool.ts can run on another core. Mail that cannot be understood comes back as a
 * quarantine reason; anything else thrown is a fault worth a retry.
 */
export async function readInbound(
  raw: Buffer,
  envelope: RawEnvelope,
  settings: MailboxSettings,
  /** Called when the reading resumes after waiting for DNS, so a thread knows which message it is busy with. */
  resumed: () => void = () => {},
): Promise<InboundReading> {
  // The sender checks wait on DNS while the parse runs.
  const auth = checkSender(raw, {
    ip: envelope.source === 'smtp' ? envelope.remote_address : null,
    helo: envelope.helo,
    mailFrom: envelope.mail_from,
    resolver: settings.resolver,
    trustedAuthservIds: settings.trustedAuthservIds,
  });
  // Mail that is not read to the end must not leave a failed check unhandled; the `await auth` below still throws.
  auth.catch(() => {});
  let parsed;
  try {
    parsed = await parseMail(raw);
  } catch (err) {
    if (!(err instanceof UnparseableMailError)) throw err;
    return { kind: 'quarantine', reason: err.message };
  }
  const from = parsed.from ?? (envelope.mail_from ? { address: envelope.mail_from.toLowerCase(), name: null } : null);
  if (!from) {
    return { kind: 'quarantine', reason: 'no sender address in From, Sender or the envelope' };
  }
  const report = readDeliveryReport(parsed.mail, from.address);
  if (report) {
    return { kind: 'delivery-report', report };
  }
  const authResults = await auth;
  resumed();
  const message = buildInboundMessage(envelope, parsed, from, authResults, settings);
  message.analysis = analyzeInbound(message);
  // buildInboundMessage describes the attachments one for one, in order, and has hashed them already.
  const files = parsed.attachments.map((a, i) => ({ hash: (message.attachments[i] as InboundAttachment).blobHash, content: a.content }));
  return { kind: 'message', message, files };
}
