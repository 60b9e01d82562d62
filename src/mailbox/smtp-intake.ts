import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import type { Db } from '../platform/db/connect.ts';
import type { Logger } from '../platform/logger.ts';
import { Spool, sweepSpool } from '../platform/storage/spool.ts';
import { SmtpClientLimits, type SmtpLimits } from './smtp-limits.ts';
import { storeInbound } from './store-inbound.ts';

export type SmtpIntakeOptions = {
  host: string;
  port: number;
  maxBytes: number;
  limits: SmtpLimits;
  /** The data folder: mail too large to hold in memory is spooled to its spool/ folder as it arrives. */
  dataDir: string;
  /** Whether the desk takes mail for a recipient; asked on every RCPT, so it should answer from memory. */
  accepts: (address: string) => Promise<boolean>;
};

const MAX_RECIPIENTS = 50;
// Mail up to this size is held in memory while it arrives (nearly all of it); larger mail goes to a spool file, so
// twenty 24 MB mails at once cost the desk twenty times this, not twenty times 24 MB.
const SPOOL_MEMORY_BYTES = 256 * 1024;
// The commands that move a transaction forward; any other (NOOP, RSET, HELO, VRFY, HELP, …) counts as none.
const PROGRESS_COMMANDS = new Set(['MAIL', 'RCPT', 'DATA']);
// Even those, refused over and over (RCPT to a stranger a thousand times), are no message: a whole transaction of
// the most recipients we take, twice over, is the most a client gets between two messages.
const MAX_TRANSACTION_COMMANDS = 2 * (MAX_RECIPIENTS + 2);

type Connection = SMTPServer['connections'] extends Set<infer C> ? C : never;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * SMTPServer with a hook on every connection it creates: its options have none for a whole-session time limit or
 * for counting commands, so the connection itself is watched.
 */
class WatchedSmtpServer extends SMTPServer {
  constructor(
    options: SMTPServerOptions,
    private readonly watch: (connection: Connection) => void,
  ) {
    super(options);
  }

  override connect(socket: net.Socket, socketOptions?: Parameters<SMTPServer['connect']>[1]): void {
    super.connect(socket, socketOptions);
    // connect() has just added the connection; a Set keeps insertion order, so it is the last one.
    let created: Connection | undefined;
    for (const c of this.connections) created = c;
    if (created) this.watch(created);
  }
}

/**
 * The desk's own SMTP server. It takes mail for the support addresses only (never a relay), refuses what is too
 * large, and answers 250 only once the raw message is stored durably; a storage failure answers 451 so the
 * sending server keeps the message and tries again.
 *
 * No client can hold it: each may keep only so many connections and open only so many a minute (421 beyond), a
 * connection ends after the session time limit whatever it does, and one that sends command after command without
 * ever sending a message is closed. A message is spooled as it arrives rather than held whole in memory.
 */
export class SmtpIntake {
  private readonly server: WatchedSmtpServer;
  private readonly clients: SmtpClientLimits;
  /** Sessions that admit() counted, to be released when they close. */
  private readonly admitted = new Set<string>();
  /** Per session: forgets the commands counted so far, once a message is accepted. */
  private readonly progressed = new Map<string, () => void>();
  private readonly spoolDir: string;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly opts: SmtpIntakeOptions,
  ) {
    this.clients = new SmtpClientLimits(opts.limits);
    this.spoolDir = path.join(opts.dataDir, 'spool');
    const options: SMTPServerOptions = {
      name: 'walletdesk',
      banner: 'walletdesk support mailbox',
      size: opts.maxBytes,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      // A reverse DNS lookup per connection only fills in a name nobody reads (the sender checks use the IP),
      // and a slow resolver would hold every connection's greeting.
      disableReverseLookup: true,
      logger: false,
      maxClients: opts.limits.connections,
      socketTimeout: 60_000,
      closeTimeout: 30_000,
      onConnect: (session, callback) => {
        const refusal = this.clients.admit(session.remoteAddress);
        if (refusal) return callback(smtpError(421, `4.7.0 ${refusal}, try again later`));
        this.admitted.add(session.id);
        callback();
      },
      onClose: (session) => {
        if (this.admitted.delete(session.id)) this.clients.release(session.remoteAddress);
        this.progressed.delete(session.id);
      },
      onMailFrom: (address, _session, callback) => {
        const declared = Number(address.args && (address.args as Record<string, string>).SIZE);
        if (declared > opts.maxBytes) return callback(smtpError(552, `5.3.4 Message too big: the limit is ${opts.maxBytes} bytes`));
        callback();
      },
      onRcptTo: (address, session, callback) => {
        opts.accepts(address.address).then(
          (accepted) => {
            if (!accepted) return callback(smtpError(550, '5.1.1 No such mailbox here; this server accepts mail for its support addresses only'));
            if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError(452, '4.5.3 Too many recipients'));
            callback();
          },
          (err: unknown) => {
            this.log.error({ err }, 'reading the support addresses failed');
            callback(smtpError(451, '4.3.0 Temporary failure, please retry'));
          },
        );
      },
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    };
    this.server = new WatchedSmtpServer(options, (connection) => this.watch(connection));
    this.server.on('error', (err) => this.log.warn({ err }, 'smtp connection error'));
  }

  /** The session time limit and the count of commands without progress, on one connection. */
  private watch(connection: Connection): void {
    const { sessionMs, commandsWithoutMessage } = this.opts.limits;
    // Measured from the connection, and nothing the client sends moves it: NOOP every 40 s keeps the idle timeout
    // at bay, not this.
    const deadline = setTimeout(() => connection.send(421, '4.4.2 Session time limit reached, closing connection', false), sessionMs);
    deadline.unref();
    connection._socket.once('close', () => clearTimeout(deadline));
    let idle = 0;
    let transaction = 0;
    this.progressed.set(connection.id, () => {
      idle = 0;
      transaction = 0;
    });
    const handle = connection._onCommand.bind(connection);
    connection._onCommand = (command, callback) => {
      const name = command.toString('latin1').split(' ', 1)[0]?.toUpperCase() ?? '';
      const over = PROGRESS_COMMANDS.has(name) ? ++transaction > MAX_TRANSACTION_COMMANDS : ++idle > commandsWithoutMessage;
      if (over) return connection.send(421, '4.7.0 Too many commands without a message, closing connection', false);
      handle(command, callback);
    };
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
    const spool = new Spool(this.spoolDir, SPOOL_MEMORY_BYTES);
    let size = 0;
    let spoolFailure: unknown;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit we only count: holding (or writing) a hostile client's gigabytes is how servers fall over.
      if (size > this.opts.maxBytes || spoolFailure) return;
      // One write at a time, the client waiting on TCP meanwhile: memory holds a chunk, not a backlog.
      stream.pause();
      spool.write(chunk).then(
        () => stream.resume(),
        (err: unknown) => {
          spoolFailure = err;
          stream.resume();
        },
      );
    });
    stream.on('error', (err) => {
      void spool.discard();
      callback(err);
    });
    stream.on('end', () => {
      if (stream.sizeExceeded || size > this.opts.maxBytes) {
        void spool.discard();
        return callback(smtpError(552, `5.3.4 Message too big: the limit is ${this.opts.maxBytes} bytes`));
      }
      const envelope = session.envelope;
      const stored = spoolFailure
        ? Promise.reject(spoolFailure)
        : spool.finish().then((spooled) =>
            storeInbound(this.db, spooled, {
              source: 'smtp',
              mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
              rcptTo: envelope.rcptTo.map((r) => r.address.toLowerCase()),
              remoteAddress: session.remoteAddress ?? null,
              helo: session.hostNameAppearsAs ?? null,
            }),
          );
      // The spool file goes before the answer, so nothing of a message outlives the sender's 250 but the database.
      const settled = stored.then(
        (rawId) => spool.discard().then(() => rawId, () => rawId),
        (err: unknown) => spool.discard().then(() => Promise.reject(err), () => Promise.reject(err)),
      );
      settled.then(
        (rawId) => {
          this.progressed.get(session.id)?.();
          callback(null, `2.0.0 Stored as ${rawId}`);
        },
        (err: unknown) => {
          this.log.error({ err }, 'storing inbound mail failed');
          callback(smtpError(451, '4.3.0 Temporary storage failure, please retry'));
        },
      );
    });
  }

  async listen(): Promise<number> {
    // Spool files of sessions that ended with the process that held them (no session outlives its time limit).
    await sweepSpool(this.spoolDir, this.opts.limits.sessionMs + 60_000);
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve((this.server.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting connections and lets transactions in flight finish (up to closeTimeout). */
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  get listening(): boolean {
    return this.server.server.listening;
  }
}
