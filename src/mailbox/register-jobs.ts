import nodemailer from 'nodemailer';
import { DELIVER_ACCOUNT_MAIL_JOB } from '../accounts/queue-account-mail.ts';
import type { Db } from '../platform/db/connect.ts';
import type { JobWorker } from '../platform/jobs/worker.ts';
import { DELIVER_MESSAGE_JOB } from '../tickets/record-outbound.ts';
import type { TicketSettings } from '../tickets/settings.ts';
import { deliverAccountMail, deliverAccountMailPayload, markAccountMailFailed } from './deliver-account-mail.ts';
import { deliverMessage, deliverMessagePayload, markDeliveryFailed } from './deliver-message.ts';
import type { SignMail } from './dkim-sign.ts';
import type { MailboxSettings } from './mailbox-settings.ts';
import { processInbound, processInboundPayload, quarantineInbound } from './process-inbound.ts';
import { startReadThreads } from './read-inbound-pool.ts';
import { PROCESS_INBOUND_JOB } from './store-inbound.ts';

/** The mail channel's jobs: turning stored mail into tickets, and delivering what the desk sends. */
export function registerMailboxJobs(
  worker: JobWorker,
  db: Db,
  settings: TicketSettings,
  mailbox: MailboxSettings,
  relayUrl: string | undefined,
  sign: SignMail,
): void {
  startReadThreads();
  worker.register(PROCESS_INBOUND_JOB, processInboundPayload, processInbound(db, settings, mailbox), ({ raw_id }, error) =>
    quarantineInbound(db, raw_id, `processing failed: ${error.message}`),
  );
  // Pooled: each message otherwise pays a new TCP connection and SMTP greeting to the relay.
  const relay = relayUrl ? nodemailer.createTransport({ url: relayUrl, pool: true, maxConnections: 4 }) : undefined;
  if (relay) worker.onStop(() => relay.close());
  worker.register(DELIVER_MESSAGE_JOB, deliverMessagePayload, deliverMessage(db, relay, sign), markDeliveryFailed(db));
  worker.register(DELIVER_ACCOUNT_MAIL_JOB, deliverAccountMailPayload, deliverAccountMail(db, relay, settings.deskAddress, sign), markAccountMailFailed(db));
}
