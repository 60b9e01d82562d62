import { ImapFlow } from 'imapflow';
import type { ImapMark } from '../platform/config.ts';
import type { Db } from '../platform/db/connect.ts';
import type { Logger } from '../platform/logger.ts';
import { parseImapUrl, type ImapAccount } from './imap-account.ts';
import { mailboxRecordId, recordError } from './imap-bookkeeping.ts';
import { syncMailbox } from './imap-sync.ts';

export type ImapSourceOptions = {
  url: string;
  mark: ImapMark;
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Larger messages are left unread in the mailbox, as SMTP refuses them with 552. */
  maxBytes: number;
};

export type ImapHealth = {
  mailbox: string;
  state: 'starting' | 'connecting' | 'syncing' | 'idle' | 'polling' | 'retrying' | 'stopped';
  last_sync: string | null;
  last_error: string | null;
  last_error_at: string | null;
  consecutive_failures: number;
  retry_in_ms: number | null;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Never the error object itself: imapflow attaches the command it ran, and a failed LOGIN carries the password.
 */
export function describeImapError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 500);
  const e = err as Error & { code?: unknown; responseText?: unknown; authenticationFailed?: unknown };
  const text = typeof e.responseText === 'string' && e.responseText ? e.responseText : undefined;
  if (e.authenticationFailed) return `authentication failed${text ? `: ${text}` : ''}`;
  let message = text && text !== e.message ? `${e.message}: ${text}` : e.message;
  if (typeof e.code === 'string' && !message.includes(e.code)) message += ` (${e.code})`;
  return message.slice(0, 500);
}

/**
 * Polls one IMAP mailbox (IDLE when the server has it) and takes every message into the desk exactly once: the raw
 * message and the note of its UID commit in one transaction, and only then is the message marked on the server.
 * Failures reconnect with exponential backoff; nothing here ever stops the process.
 */
export class ImapSource {
  private readonly account: ImapAccount;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private client: ImapFlow | undefined;
  private mailboxId: number | undefined;
  private changed = false;
  private wakeUp: (() => void) | undefined;
  /** This process's view, for /healthz; the database keeps the last sync and error for `walletdesk status`. */
  private readonly live: { state: ImapHealth['state']; lastSyncAt: number | null; lastError: string | null; lastErrorAt: number | null; failures: number; retryInMs: number | null } = {
    state: 'starting',
    lastSyncAt: null,
    lastError: null,
    lastErrorAt: null,
    failures: 0,
    retryInMs: null,
  };

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly opts: ImapSourceOptions,
  ) {
    this.account = parseImapUrl(opts.url);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Lets the message in hand finish storing, logs out, and returns; a server that hangs is cut off after 10 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    // Repeated: an IDLE that was about to start when stop() came would otherwise wait out its recheck timer.
    const breaker = setInterval(() => this.breakIdle(), 100);
    this.breakIdle();
    const cutOff = setTimeout(() => this.client?.close(), 10_000);
    try {
      await this.loop;
    } finally {
      clearInterval(breaker);
      clearTimeout(cutOff);
    }
  }

  health(): ImapHealth {
    const h = this.live;
    return {
      mailbox: this.account.mailbox,
      state: h.state,
      last_sync: iso(h.lastSyncAt),
      last_error: h.lastError,
      last_error_at: iso(h.lastErrorAt),
      consecutive_failures: h.failures,
      retry_in_ms: h.retryInMs,
    };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.live.state = 'connecting';
      try {
        await this.session();
      } catch (err) {
        if (this.stopping) break;
        await this.recordFailure(err);
        await this.pause(this.live.retryInMs ?? this.opts.retryBaseMs);
        this.live.retryInMs = null;
      }
    }
    this.live.state = 'stopped';
  }

  private async recordFailure(err: unknown): Promise<void> {
    const h = this.live;
    h.failures += 1;
    h.lastError = describeImapError(err);
    h.lastErrorAt = Date.now();
    h.retryInMs = Math.min(this.opts.retryBaseMs * 2 ** (h.failures - 1), this.opts.retryMaxMs);
    h.state = 'retrying';
    this.log.warn({ error: h.lastError, consecutive_failures: h.failures, retry_in_ms: h.retryInMs }, 'imap source failed, will reconnect');
    try {
      this.mailboxId ??= await mailboxRecordId(this.db, this.account.key, this.account.mailbox);
      await recordError(this.db, this.mailboxId, h.lastError, h.lastErrorAt);
    } catch (dbErr) {
      this.log.error({ err: dbErr }, 'recording the imap error failed');
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** One connection's life: connect, select, then sync and wait for mail until stopped or the connection fails. */
  private async session(): Promise<void> {
    const { host, port, secure, user, pass } = this.account;
    const client = new ImapFlow({
      host,
      port,
      secure,
      auth: { user, pass },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      clientInfo: { name: 'walletdesk' },
    });
    // The failure also rejects the command in flight, which is where it is handled; without a listener the
    // emitter would throw it at the process.
    client.on('error', () => {});
    client.on('exists', () => {
      this.changed = true;
      this.breakIdle();
    });
    this.client = client;
    try {
      this.mailboxId ??= await mailboxRecordId(this.db, this.account.key, this.account.mailbox);
      await client.connect();
      await client.mailboxOpen(this.account.mailbox);
      if (this.opts.mark.kind === 'move') await this.ensureFolder(client, this.opts.mark.folder);
      this.log.info({ host, port, mailbox: this.account.mailbox, idle: client.capabilities.has('IDLE') }, 'imap source connected');
      const sync = {
        db: this.db,
        log: this.log,
        mailboxId: this.mailboxId,
        mailboxPath: this.account.mailbox,
        mark: this.opts.mark,
        maxBytes: this.opts.maxBytes,
        stopping: () => this.stopping,
      };
      while (!this.stopping) {
        this.changed = false;
        this.live.state = 'syncing';
        const syncedAt = await syncMailbox(client, sync);
        if (syncedAt !== null) {
          this.live.lastSyncAt = syncedAt;
          this.live.failures = 0;
        }
        if (this.changed || this.stopping) continue;
        await this.waitForMail(client);
      }
    } finally {
      this.client = undefined;
      if (client.usable) await client.logout().catch(() => client.close());
      else client.close();
    }
  }

  private async ensureFolder(client: ImapFlow, folder: string): Promise<void> {
    const list = await client.list();
    if (list.some((m) => m.path === folder)) return;
    // A server with a namespace prefix lists the folder under another path; CREATE then answers ALREADYEXISTS.
    const { created } = await client.mailboxCreate(folder);
    if (created) this.log.info({ folder }, 'imap folder for processed mail created');
  }

  /** IDLE until the server reports mail, or `pollMs` passes; without IDLE, wait `pollMs`. */
  private async waitForMail(client: ImapFlow): Promise<void> {
    if (this.stopping) return;
    if (client.capabilities.has('IDLE')) {
      this.live.state = 'idle';
      const recheck = setTimeout(() => this.breakIdle(), this.opts.pollMs);
      try {
        await client.idle();
      } finally {
        clearTimeout(recheck);
      }
    } else {
      this.live.state = 'polling';
      await this.pause(this.opts.pollMs);
    }
    if (!client.usable && !this.stopping) throw new Error(client.byeReason ? `the server closed the connection: ${client.byeReason}` : 'the connection was closed');
  }

  /** Any command ends IDLE (imapflow sends DONE first); NOOP is the one with no effect. */
  private breakIdle(): void {
    const client = this.client;
    if (client?.idling && client.usable) client.noop().catch(() => {});
  }
}
