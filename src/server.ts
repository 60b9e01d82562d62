import type { AddressInfo } from 'node:net';
import { bearerAuth } from './agents/authenticate-request.ts';
import { mailboxRoutes } from './mailbox/routes.ts';
import { registerMailboxJobs } from './mailbox/register-jobs.ts';
import { SmtpIntake } from './mailbox/smtp-intake.ts';
import type { Config } from './platform/config.ts';
import { openDatabase, type DbHandle } from './platform/db/connect.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { createHttpServer, type HttpServer } from './platform/http/create-http-server.ts';
import { JobWorker } from './platform/jobs/worker.ts';
import type { Logger } from './platform/logger.ts';
import { ticketRoutes } from './tickets/routes.ts';
import type { TicketSettings } from './tickets/settings.ts';
import { sql } from 'kysely';

export type Desk = {
  handle: DbHandle;
  http: HttpServer;
  smtp: SmtpIntake;
  worker: JobWorker;
  httpPort: number;
  smtpPort: number;
  stop: () => Promise<void>;
};

export function ticketSettingsOf(config: Config): TicketSettings {
  return {
    deskAddress: config.supportAddress,
    firstReplyHours: config.firstReplyHours,
    ackLimitPerHour: config.ackLimitPerHour,
    publicUrl: config.publicUrl,
  };
}

/** Wiring only: opens the database, applies migrations, and starts HTTP, SMTP and the job worker. */
export async function startDesk(config: Config, log: Logger): Promise<Desk> {
  const handle = openDatabase(config.databaseUrl);
  const { db } = handle;
  await migrateToLatest(db, handle.dialect);
  const settings = ticketSettingsOf(config);

  const worker = new JobWorker(db, handle.dialect, log.child({ component: 'jobs' }), {
    concurrency: config.jobs.concurrency,
    pollMs: config.jobs.pollMs,
    retryBaseMs: config.jobs.retryBaseMs,
    maxAttempts: config.jobs.attempts,
  });
  registerMailboxJobs(worker, db, settings, config.relayUrl);

  const smtp = new SmtpIntake(db, log.child({ component: 'smtp' }), {
    host: config.smtp.host,
    port: config.smtp.port,
    maxBytes: config.smtp.maxBytes,
    acceptedAddresses: config.acceptedAddresses,
  });

  const http = await createHttpServer(log);
  http.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    const database = await sql`select 1`.execute(db).then(() => 'ok', () => 'down');
    const smtpState = smtp.listening ? 'listening' : 'down';
    const healthy = database === 'ok' && smtpState === 'listening';
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'unhealthy', database, smtp: smtpState, dialect: handle.dialect });
  });
  http.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => http.swagger());
  await http.register(async (api) => {
    api.addHook('onRequest', bearerAuth(db));
    await api.register(ticketRoutes(db, settings));
    await api.register(mailboxRoutes(db));
  }, { prefix: '/api/v1' });

  const smtpPort = await smtp.listen();
  await http.listen({ host: config.http.host, port: config.http.port });
  const httpPort = (http.server.address() as AddressInfo).port;
  worker.start();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await smtp.close();
      await http.close();
      await worker.stop();
      await handle.close();
    })();
    return stopping;
  };
  return { handle, http, smtp, worker, httpPort, smtpPort, stop };
}
