import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Db } from '../platform/db/connect.ts';
import type { Logger } from '../platform/logger.ts';
import { storeInbound } from './store-inbound.ts';

export type SmtpIntakeOptions = {
  host: string;
  port: number;
  maxBytes: number;
  /** Whether the desk takes mail for a recipient; asked on every RCPT, so it should answer from memory. */
  accepts: (address: string) => Promise<boolean>;
};

const MAX_RECIPIENTS = 50;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The desk's own SMTP server. It takes mail for the support addresses only (never a relay), refuses what is too
 * large, and answers 250 only once the raw message is stored durably; a storage failure answers 451 so the
 * sending server keeps the message and tries again.
 */
export class SmtpIntake {
  private readonly server: SMTPServer;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly opts: SmtpIntakeOptions,
  ) {
    this.server = new SMTPServer({
      name: 'walletdesk',
      banner: 'walletdesk support mailbox',
      size: opts.maxBytes,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      // A reverse DNS lookup per connection only fills in a name nobody reads (the sender checks use the IP),
      // and a slow resolver would hold every connection's greeting.
      disableReverseLookup: true,
      logger: false,
      maxClients: 500,
      socketTimeout: 60_000,
      closeTimeout: 30_000,
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
    });
    this.server.on('error', (err) => this.log.warn({ err }, 'smtp connection error'));
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit we only count: holding a hostile client's gigabytes in memory is how servers fall over.
      if (size <= this.opts.maxBytes) chunks.push(chunk);
    });
    stream.on('error', (err) => callback(err));
    stream.on('end', () => {
      if (stream.sizeExceeded || size > this.opts.maxBytes) {
        return callback(smtpError(552, `5.3.4 Message too big: the limit is ${this.opts.maxBytes} bytes`));
      }
      const envelope = session.envelope;
      storeInbound(this.db, Buffer.concat(chunks, size), {
        source: 'smtp',
        mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
        rcptTo: envelope.rcptTo.map((r) => r.address.toLowerCase()),
        remoteAddress: session.remoteAddress ?? null,
        helo: session.hostNameAppearsAs ?? null,
      }).then(
        (rawId) => callback(null, `2.0.0 Stored as ${rawId}`),
        (err: unknown) => {
          this.log.error({ err }, 'storing inbound mail failed');
          callback(smtpError(451, '4.3.0 Temporary storage failure, please retry'));
        },
      );
    });
  }

  listen(): Promise<number> {
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
