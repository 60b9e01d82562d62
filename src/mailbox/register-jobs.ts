import nodemailer from 'nodemailer';
import type { Db } from '../platform/db/connect.ts';
import type { JobWorker } from '../platform/jobs/worker.ts';
import { DELIVER_MESSAGE_JOB } from '../tickets/record-outbound.ts';
import type { TicketSettings } from '../tickets/settings.ts';
import { deliverMessage, deliverMessagePayload, markDeliveryFailed } from './deliver-message.ts';
import type { MailboxSettings } from './mailbox-settings.ts';
import { processInbound, processInboundPayload, quarantineInbound } from './process-inbound.ts';
import { PROCESS_INBOUND_JOB } from './store-inbound.ts';

/** The mail channel's jobs: turning stored mail into tickets, and delivering what the desk sends. */
export function registerMailboxJobs(
  worker: JobWorker,
  db: Db,
  settings: TicketSettings,
  mailbox: MailboxSettings,
  relayUrl: string | undefined,
): void {
  worker.register(PROCESS_INBOUND_JOB, processInboundPayload, processInbound(db, settings, mailbox), ({ raw_id }, error) =>
    quarantineInbound(db, raw_id, `processing failed: ${error.message}`),
  );
  const relay = relayUrl ? nodemailer.createTransport(relayUrl) : undefined;
  worker.register(DELIVER_MESSAGE_JOB, deliverMessagePayload, deliverMessage(db, relay), markDeliveryFailed(db));
}
