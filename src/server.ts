import type { AddressInfo } from 'node:net';
import type { AccountSettings } from './accounts/account-settings.ts';
import { accountRoutes } from './accounts/routes.ts';
import { createSmsGateway } from './accounts/two-factor/create-sms-gateway.ts';
import { withdrawalRoutes } from './accounts/withdrawal/routes.ts';
import { agentAuth } from './agents/authenticate-request.ts';
import type { SessionSettings } from './agents/session-settings.ts';
import { sessionRoutes } from './agents/session-routes.ts';
import { helpRoutes } from './helpcenter/routes.ts';
import { mailboxRoutes } from './mailbox/routes.ts';
import { ImapSource } from './mailbox/imap-source.ts';
import type { MailboxSettings } from './mailbox/mailbox-settings.ts';
import { registerMailboxJobs } from './mailbox/register-jobs.ts';
import { createResolver } from './mailbox/sender-auth/dns-resolver.ts';
import { SmtpIntake } from './mailbox/smtp-intake.ts';
import type { Config } from './platform/config.ts';
import { openDatabase, type DbHandle } from './platform/db/connect.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { adminRoutes } from './admin/routes.ts';
import { SupportAddresses } from './admin/support-addresses.ts';
import { dkimSettingsRoutes } from './admin/dkim-settings-routes.ts';
import { dkimDnsRecord, loadOrCreateDkimKey } from './mailbox/dkim-key.ts';
import { dkimSigner } from './mailbox/dkim-sign.ts';
import { secureDataFolder } from './platform/data-folder.ts';
import { loadOrCreateEncryptionKey, useEncryptionKey } from './platform/encryption.ts';
import { sealSecretsAtRest } from './seal-secrets-at-rest.ts';
import { createHttpServer, type HttpServer } from './platform/http/create-http-server.ts';
import { serveWebApp } from './platform/http/serve-web-app.ts';
import { createRateLimiter } from './platform/rate-limit/create-rate-limiter.ts';
import { loadOrCreateSecret } from './platform/secret-key.ts';
import { JobWorker } from './platform/jobs/worker.ts';
import type { Logger } from './platform/logger.ts';
import { startAnalysisThread } from './tickets/analyze-off-thread.ts';
import { contactRoutes } from './tickets/contact-routes.ts';
import { consoleRoutes } from './tickets/console-routes.ts';
import { macroRoutes } from './tickets/macro-routes.ts';
import { presenceRoutes } from './tickets/presence-routes.ts';
import { TicketPresence } from './tickets/ticket-presence.ts';
import { ticketRoutes } from './tickets/routes.ts';
import type { TicketSettings } from './tickets/settings.ts';
import { sql } from 'kysely';

export type Desk = {
  handle: DbHandle;
  http: HttpServer;
  smtp: SmtpIntake;
  /** Present when WALLETDESK_IMAP_URL is set. */
  imap: ImapSource | undefined;
  worker: JobWorker;
  httpPort: number;
  smtpPort: number;
  stop: () => Promise<void>;
};

export function ticketSettingsOf(config: Config, statusLinkSecret: string): TicketSettings {
  return {
    statusLinkSecret,
    deskAddress: config.supportAddress,
    firstReplyHours: config.firstReplyHours,
    ackLimitPerHour: config.ackLimitPerHour,
    publicUrl: config.publicUrl,
  };
}

/** Wiring only: opens the database, applies migrations, and starts HTTP, SMTP, the IMAP source and the job worker. */
export async function startDesk(config: Config, log: Logger): Promise<Desk> {
  // Checked before anything is opened, so a desk that refuses to start leaves nothing behind.
  const sms = createSmsGateway(config.accounts.sms, log.child({ component: 'sms' }));
  secureDataFolder(config.dataDir, log);
  const encryption = loadOrCreateEncryptionKey(config.dataDir, config.encryptionKey);
  useEncryptionKey(encryption.key);
  const dkimKey = loadOrCreateDkimKey({ dataDir: config.dataDir, privateKeyFile: config.dkim.privateKeyFile, selector: config.dkim.selector, supportAddress: config.supportAddress });
  const handle = openDatabase(config.databaseUrl);
  const { db } = handle;
  await migrateToLatest(db, handle.dialect);
  if (encryption.source !== 'environment' && handle.dialect === 'postgres') {
    log.warn('WALLETDESK_ENCRYPTION_KEY is not set: secrets are sealed with this host\'s data/encryption.key, which other hosts cannot open');
  }
  if (dkimKey.source !== 'configured' && handle.dialect === 'postgres') {
    log.warn('WALLETDESK_DKIM_PRIVATE_KEY_FILE is not set: this host signs mail with its own data/dkim-private.pem; give every host the published key');
  }
  await sealSecretsAtRest(db);
  const secret = loadOrCreateSecret(config.dataDir, config.secret);
  if (secret.source !== 'environment' && handle.dialect === 'postgres') {
    log.warn('WALLETDESK_SECRET is not set: status links are signed with this host\'s data/secret.key, so other hosts reject them');
  }
  const settings = ticketSettingsOf(config, secret.secret);

  const worker = new JobWorker(db, handle.dialect, log.child({ component: 'jobs' }), {
    concurrency: config.jobs.concurrency,
    pollMs: config.jobs.pollMs,
    retryBaseMs: config.jobs.retryBaseMs,
    maxAttempts: config.jobs.attempts,
    leaseMs: config.jobs.leaseMs,
  });
  const mailbox: MailboxSettings = {
    resolver: createResolver(config.dnsServers),
    trustedAuthservIds: config.trustedAuthservIds,
    readBudgetMs: config.readBudgetMs,
  };
  registerMailboxJobs(worker, db, settings, mailbox, config.relayUrl, dkimSigner(dkimKey));
  // Messages from the web (contact form, status page, security center) are read on this thread, off the main one.
  startAnalysisThread();

  const addresses = new SupportAddresses(db, config);
  const smtp = new SmtpIntake(db, log.child({ component: 'smtp' }), {
    host: config.smtp.host,
    port: config.smtp.port,
    maxBytes: config.smtp.maxBytes,
    limits: config.smtp.limits,
    dataDir: config.dataDir,
    accepts: (address) => addresses.accepts(address),
  });

  const imap = config.imapUrl
    ? new ImapSource(db, log.child({ component: 'imap' }), {
        url: config.imapUrl,
        mark: config.imap.mark,
        pollMs: config.imap.pollMs,
        retryBaseMs: config.imap.retryBaseMs,
        retryMaxMs: config.imap.retryMaxMs,
        maxBytes: config.smtp.maxBytes,
      })
    : undefined;

  const http = await createHttpServer(log, { trustedProxies: config.trustedProxies, publicUrl: config.publicUrl });
  http.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    const database = await sql`select 1`.execute(db).then(() => 'ok', () => 'down');
    const smtpState = smtp.listening ? 'listening' : 'down';
    const healthy = database === 'ok' && smtpState === 'listening';
    // IMAP trouble is reported, not made a 503: the mailbox is someone else's server, and SMTP intake still works.
    const imapState = imap ? imap.health() : 'disabled';
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'unhealthy', database, smtp: smtpState, imap: imapState, dialect: handle.dialect });
  });
  http.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => http.swagger());
  await http.register(serveWebApp());
  // The help center is public, so it is registered beside the authenticated /api/v1 scope, never inside it.
  await http.register(helpRoutes(db, { tickets: settings, aliases: config.acceptedAddresses.filter((a) => a !== config.supportAddress), contactLimitPer10Min: config.contactLimitPer10Min }), { prefix: '/api/v1/help' });
  // Customers and the wallet backend have their own authentication, so neither sits inside the agents' /api/v1 scope.
  const limiter = createRateLimiter(db, config.redisUrl);
  const accounts: AccountSettings = {
    secret: secret.secret,
    publicUrl: config.publicUrl,
    deskAddress: config.supportAddress,
    ...config.accounts,
    sms,
    limiter,
    tickets: settings,
  };
  await http.register(accountRoutes(db, accounts), { prefix: '/api/v1/account' });
  await http.register(withdrawalRoutes(db), { prefix: '/api/v1/accounts' });
  const sessions: SessionSettings = { ...config.agentSessions, publicUrl: config.publicUrl };
  await http.register(async (api) => {
    api.addHook('onRequest', agentAuth(db, sessions));
    await api.register(sessionRoutes(db, sessions));
    await api.register(ticketRoutes(db, settings));
    await api.register(contactRoutes(db));
    await api.register(mailboxRoutes(db));
    await api.register(consoleRoutes(db));
    await api.register(macroRoutes(db, settings));
    await api.register(presenceRoutes(db, new TicketPresence()));
    await api.register(adminRoutes(db, handle.dialect, addresses));
    await api.register(dkimSettingsRoutes(dkimDnsRecord(dkimKey)));
  }, { prefix: '/api/v1' });

  const smtpPort = await smtp.listen();
  await http.listen({ host: config.http.host, port: config.http.port });
  const httpPort = (http.server.address() as AddressInfo).port;
  worker.start();
  imap?.start();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.all([smtp.close(), imap?.stop()]);
      await http.close();
      await worker.stop();
      await limiter.close();
      await handle.close();
    })();
    return stopping;
  };
  return { handle, http, smtp, imap, worker, httpPort, smtpPort, stop };
}
