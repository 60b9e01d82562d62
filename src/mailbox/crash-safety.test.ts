import net from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle, type Db } from '../platform/db/connect.ts';
import { CaptureRelay } from '../platform/testing/capture-relay.ts';
import { acceptsConnections, DeskProcess, freePort } from '../platform/testing/desk-process.ts';
import { createTestDatabase, testDialects, waitFor, type TestDatabase } from '../platform/testing/test-database.ts';

/** What every test here tears down, even when it fails half-way. */
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
});

async function fixture(dialect: 'sqlite' | 'postgres') {
  const database: TestDatabase = await createTestDatabase(dialect);
  const relay = await new CaptureRelay().start();
  const handle: DbHandle = openDatabase(database.url, { poolSize: 2 });
  cleanup.push(() => database.drop(), () => relay.stop(), () => handle.close());
  const env = {
    WALLETDESK_DATA_DIR: database.dir,
    DATABASE_URL: database.url,
    WALLETDESK_SMTP_RELAY: relay.url,
    WALLETDESK_JOB_POLL_MS: '20',
    // A short lease, so the jobs of the killed process are taken over a second after the restart.
    WALLETDESK_JOB_LEASE_MS: '1000',
    WALLETDESK_RETRY_BASE_MS: '50',
  };
  const start = async (extra: Record<string, string> = {}) => {
    const desk = await DeskProcess.start({ ...env, ...extra });
    cleanup.push(() => desk.kill());
    return desk;
  };
  return { database, relay, db: handle.db, env, start };
}

const count = (n: { n: unknown } | undefined) => Number(n?.n ?? 0);

/** Nothing left to do: no raw mail waiting, no job queued or running. */
async function settled(db: Db): Promise<boolean> {
  const pending = await db.selectFrom('inbound_raw').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending').executeTakeFirst();
  const open = await db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('status', 'in', ['queued', 'running']).executeTakeFirst();
  return count(pending) === 0 && count(open) === 0;
}

/** How many inbound ticket messages carry each Message-ID. */
async function inboundByMessageId(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('messages')
    .select(['external_id', (eb) => eb.fn.countAll().as('n')])
    .where('direction', '=', 'inbound')
    .groupBy('external_id')
    .execute();
  return new Map(rows.map((r) => [String(r.external_id), Number(r.n)]));
}

/** A hand-driven SMTP client, for stopping half-way through a transaction. */
class SmtpDialog {
  private buffered = '';
  private readonly lines: string[] = [];
  private notify: (() => void) | undefined;
  closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      let i;
      while ((i = this.buffered.indexOf('\r\n')) >= 0) {
        this.lines.push(this.buffered.slice(0, i));
        this.buffered = this.buffered.slice(i + 2);
      }
      this.notify?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify?.();
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<SmtpDialog> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new SmtpDialog(socket)));
      socket.once('error', reject);
    });
  }

  /** The next complete reply (all lines of a multi-line one), e.g. "250 2.0.0 Stored as 7". */
  async reply(ms = 20_000): Promise<string> {
    const deadline = Date.now() + ms;
    const got: string[] = [];
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) {
        got.push(line);
        if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) return got.join('\n');
        continue;
      }
      if (this.closed) throw new Error(`connection closed while waiting for a reply (got ${JSON.stringify(got)})`);
      if (Date.now() > deadline) throw new Error('timed out waiting for an SMTP reply');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.notify = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  write(text: string): void {
    this.socket.write(text);
  }

  async command(line: string): Promise<string> {
    this.write(`${line}\r\n`);
    return this.reply();
  }

  end(): void {
    this.socket.end();
  }
}

describe.each(testDialects())('crash safety of the walletdesk process (%s)', (dialect) => {
  it('kill -9 during a burst of mail: every message answered 250 becomes exactly one ticket message after a restart', async () => {
    const f = await fixture(dialect);
    const desk = await f.start();

    const TOTAL = 200;
    const CLIENTS = 8;
    const KILL_AFTER = 70;
    const messageIdOf = (i: number) => `<burst-${i}.${dialect}@example.com>`;
    const accepted = new Set<string>();
    const failed = new Set<string>();
    let killed: Promise<unknown> | undefined;

    const client = async (c: number) => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
      try {
        for (let i = c; i < TOTAL; i += CLIENTS) {
          const messageId = messageIdOf(i);
          try {
            const info = await transport.sendMail({
              from: `"Customer ${i % 40}" <customer${i % 40}@example.com>`,
              to: 'support@walletdesk.local',
              subject: `Burst message ${i}`,
              text: `Message number ${i} of the burst: my transfer ${i} has not arrived.`,
              messageId,
            });
            if (/^250 /.test(info.response)) accepted.add(messageId);
          } catch {
            failed.add(messageId);
            return; // the desk is gone; this client stops, as a real sender would queue and retry later
          }
          if (accepted.size >= KILL_AFTER && !killed) killed = desk.kill();
        }
      } finally {
        transport.close();
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    const exit = await killed;

    // The kill really came mid-burst: some mail was accepted, some was cut off.
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(accepted.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(accepted.size).toBeLessThan(TOTAL);
    expect(failed.size).toBeGreaterThan(0);

    const cutOff = await f.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'running').executeTakeFirst();
    const pending = await f.db.selectFrom('inbound_raw').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending').executeTakeFirst();
    // The restart has work to do: mail stored but not yet a ticket message, and/or jobs cut off while running.
    expect(count(cutOff) + count(pending)).toBeGreaterThan(0);

    const again = await f.start();
    await waitFor(() => settled(f.db), 45_000, 'the backlog to drain after the restart').catch((err: Error) => {
      throw new Error(`${err.message}\n${again.tail()}`);
    });

    const byId = await inboundByMessageId(f.db);
    const lost = [...accepted].filter((messageId) => !byId.has(messageId));
    const twice = [...byId].filter(([, n]) => n !== 1).map(([messageId]) => messageId);
    // Only what we sent exists; a message cut off before its 250 may or may not have been stored before the kill.
    const strangers = [...byId.keys()].filter((messageId) => !accepted.has(messageId) && !failed.has(messageId));
    expect({ lost, twice, strangers }, again.tail()).toEqual({ lost: [], twice: [], strangers: [] });

    const raws = await f.db.selectFrom('inbound_raw').select(['status', 'message_id', 'quarantine_reason']).execute();
    expect(raws.filter((r) => r.status !== 'processed'), 'raw mail not processed').toEqual([]);
    expect(raws.length).toBe(byId.size);
    expect(await f.db.selectFrom('jobs').select(['id', 'kind', 'last_error']).where('status', '=', 'failed').execute()).toEqual([]);
    expect(again.logs.filter((l) => (l.level ?? 0) >= 50), again.tail()).toEqual([]);

    expect(await again.stop()).toEqual({ code: 0, signal: null });
  });

  it('SIGTERM while deliveries wait for a relay that is down: they are kept and complete after a restart', async () => {
    const f = await fixture(dialect);
    // Nothing listens here: every delivery attempt fails and is queued again, 2 s later.
    const deadRelay = `smtp://127.0.0.1:${await freePort()}`;
    const desk = await f.start({ WALLETDESK_SMTP_RELAY: deadRelay, WALLETDESK_RETRY_BASE_MS: '2000' });

    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true });
    const customers = ['erin@example.com', 'frank@example.com', 'grace@example.com'];
    for (const [i, address] of customers.entries()) {
      const info = await transport.sendMail({ from: address, to: 'support@walletdesk.local', subject: `Locked out ${i}`, text: 'My 2FA device is lost.', messageId: `<pending-${i}@example.com>` });
      expect(info.response).toMatch(/^250 /);
    }
    transport.close();

    const deliveries = () => f.db.selectFrom('jobs').selectAll().where('kind', '=', 'deliver-message').orderBy('id').execute();
    await waitFor(async () => {
      const jobs = await deliveries();
      return jobs.length === customers.length && jobs.every((j) => j.status === 'queued' && j.attempts >= 1 && j.last_error);
    }, 20_000, 'three failed delivery attempts');

    expect(await desk.stop()).toEqual({ code: 0, signal: null });
    const waiting = await deliveries();
    expect(waiting.map((j) => j.status)).toEqual(['queued', 'queued', 'queued']);
    expect(waiting.every((j) => j.last_error && /ECONNREFUSED|connect/i.test(j.last_error)), JSON.stringify(waiting)).toBe(true);
    expect(f.relay.mails).toEqual([]);

    // The relay is back (the operator fixed its address) and the desk restarts on the same database.
    const again = await f.start();
    await waitFor(() => settled(f.db), 30_000, 'the queued deliveries').catch((err: Error) => {
      throw new Error(`${err.message}\n${again.tail()}`);
    });

    const done = await deliveries();
    expect(done.map((j) => j.status)).toEqual(['done', 'done', 'done']);
    for (const job of done) expect(job.attempts).toBeGreaterThanOrEqual(2);
    expect(f.relay.mails.map((m) => m.to[0]).sort()).toEqual(customers);
    const acks = await f.db.selectFrom('messages').select(['delivery_status', 'delivery_attempts']).where('kind', '=', 'acknowledgement').execute();
    expect(acks.map((a) => a.delivery_status)).toEqual(['sent', 'sent', 'sent']);
    expect(await again.stop()).toEqual({ code: 0, signal: null });
  });

  it('SIGTERM in the middle of an SMTP transaction lets it finish with 250, refuses new connections, and exits 0', async () => {
    const f = await fixture(dialect);
    const desk = await f.start();

    const smtp = await SmtpDialog.connect(desk.smtpPort);
    expect(await smtp.reply()).toMatch(/^220 /);
    expect(await smtp.command('EHLO client.example.com')).toMatch(/^250/);
    expect(await smtp.command('MAIL FROM:<dana@example.com>')).toMatch(/^250 /);
    expect(await smtp.command('RCPT TO:<support@walletdesk.local>')).toMatch(/^250 /);
    expect(await smtp.command('DATA')).toMatch(/^354 /);
    smtp.write(['From: Dana <dana@example.com>', 'To: support@walletdesk.local', 'Subject: Shutdown in the middle', 'Message-ID: <graceful-1@example.com>', '', 'The first half of my message, '].join('\r\n'));

    const signalled = Date.now();
    desk.child.kill('SIGTERM');
    await desk.waitForLog((l) => l.msg === 'shutting down', 10_000, 'the shutdown line');
    // Draining: no new sessions, while the one in flight goes on.
    await waitFor(async () => !(await acceptsConnections(desk.smtpPort)), 5_000, 'the SMTP port to close');
    expect(desk.running).toBe(true);

    smtp.write('and the second half.\r\n.\r\n');
    expect(await smtp.reply()).toMatch(/^250 2\.0\.0 Stored as \d+/);
    // smtp-server answers anything after the transaction with 421 while it shuts down; a QUIT may get either.
    expect(await smtp.command('QUIT')).toMatch(/^(221|421) /);
    smtp.end();

    const exit = await desk.exited;
    expect(exit, desk.tail()).toEqual({ code: 0, signal: null });
    // It exited because the transaction ended, not because the 30 s close timeout forced it.
    expect(Date.now() - signalled).toBeLessThan(15_000);

    // The 250 meant stored: the whole message is in the database with its processing job.
    const raws = await f.db.selectFrom('inbound_raw').innerJoin('blobs', 'blobs.hash', 'inbound_raw.blob_hash').select(['inbound_raw.id', 'blobs.data']).execute();
    expect(raws).toHaveLength(1);
    expect(Buffer.from(raws[0]!.data).toString('utf8')).toMatch(/first half of my message, and the second half\./);
    const jobs = await f.db.selectFrom('jobs').select(['status']).where('kind', '=', 'process-inbound').execute();
    expect(jobs).toHaveLength(1);
    // The worker stops after SMTP, so the message was normally made a ticket message before the exit; if not, its
    // job waits queued for the next start (the restart tests above cover that path).
    const status = jobs[0]!.status;
    expect(['done', 'queued']).toContain(status);
    expect((await inboundByMessageId(f.db)).get('<graceful-1@example.com>') ?? 0).toBe(status === 'done' ? 1 : 0);
  });

  it('SIGTERM while a delivery is in hand waits for it: sent once, recorded as sent, exit 0', async () => {
    const f = await fixture(dialect);
    // A relay that takes 1.5 s to accept a message.
    const received: string[] = [];
    let inData = false;
    const slowRelay = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        inData = true;
        stream.resume();
        stream.on('end', () =>
          setTimeout(() => {
            received.push(session.envelope.rcptTo.map((r) => r.address).join(','));
            callback();
          }, 1500),
        );
      },
    });
    const relayPort = await freePort();
    await new Promise<void>((resolve) => slowRelay.listen(relayPort, '127.0.0.1', () => resolve()));
    cleanup.push(() => new Promise<void>((resolve) => slowRelay.close(() => resolve())));

    const desk = await f.start({ WALLETDESK_SMTP_RELAY: `smtp://127.0.0.1:${relayPort}` });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'heidi@example.com', to: 'support@walletdesk.local', subject: 'Phishing site', text: 'Someone copies your site.', messageId: '<inhand-1@example.com>' });
    transport.close();

    await waitFor(() => inData, 15_000, 'the delivery to reach the relay');
    expect(await desk.stop()).toEqual({ code: 0, signal: null });

    expect(received).toEqual(['heidi@example.com']);
    const job = await f.db.selectFrom('jobs').selectAll().where('kind', '=', 'deliver-message').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'done', attempts: 1, locked_by: null });
    const ack = await f.db.selectFrom('messages').selectAll().where('kind', '=', 'acknowledgement').executeTakeFirstOrThrow();
    expect(ack.delivery_status).toBe('sent');
    expect(desk.logged('outbound mail sent')).toHaveLength(1);
    // The delivery really was in hand when the signal came: it finished after the shutdown began.
    const order = desk.logs.map((l) => l.msg).filter((m) => m === 'shutting down' || m === 'outbound mail sent');
    expect(order).toEqual(['shutting down', 'outbound mail sent']);
  });
});
