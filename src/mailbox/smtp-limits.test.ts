import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { SmtpClientLimits } from './smtp-limits.ts';

/** A raw SMTP client: what a hostile one sends, reply by reply, and whether the server has hung up. */
class RawSmtp {
  private buffer = '';
  private waiting: (() => void) | undefined;
  closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<RawSmtp> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawSmtp(socket)));
      socket.once('error', reject);
    });
  }

  /** The next complete reply (its last line), or null once the server has closed the connection. */
  async reply(ms = 10_000): Promise<string | null> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = /^(\d{3}) [^\r\n]*\r\n/m.exec(this.buffer);
      if (match) {
        this.buffer = this.buffer.slice(this.buffer.indexOf(match[0]) + match[0].length);
        return match[0].trim();
      }
      if (this.closed) return null;
      if (Date.now() > deadline) throw new Error(`no reply within ${ms} ms (have: ${JSON.stringify(this.buffer)})`);
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, 50);
      });
      this.waiting = undefined;
    }
  }

  async command(line: string): Promise<string | null> {
    if (!this.closed) this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** Resolves once the server has closed the connection (true), or after `ms` (false). */
  async waitClosed(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return this.closed;
  }

  end(): void {
    this.socket.destroy();
  }
}

const message = ['From: c@customer.test', 'To: support@walletdesk.local', 'Subject: limits', '', 'hello', '.'].join('\r\n');

describe('SMTP resource limits', () => {
  let t: TestDesk;
  const open: RawSmtp[] = [];
  beforeAll(async () => {
    t = await startTestDesk('sqlite', {
      WALLETDESK_SMTP_MAX_CONNECTIONS_PER_IP: '3',
      WALLETDESK_SMTP_SESSION_SECONDS: '3',
      WALLETDESK_SMTP_MAX_COMMANDS_WITHOUT_MESSAGE: '5',
    });
  });
  afterAll(async () => {
    for (const c of open) c.end();
    await t?.stop();
  });

  async function connect(): Promise<RawSmtp> {
    const c = await RawSmtp.connect(t.desk.smtpPort);
    open.push(c);
    return c;
  }

  it('lets one address hold only WALLETDESK_SMTP_MAX_CONNECTIONS_PER_IP connections: the next gets 421, and a slot frees on close', async () => {
    const held = await Promise.all([connect(), connect(), connect()]);
    for (const c of held) expect(await c.reply()).toMatch(/^220 /);
    const extra = await connect();
    expect(await extra.reply()).toMatch(/^421 .*too many concurrent connections/i);
    expect(await extra.waitClosed(5_000)).toBe(true);
    // Well-behaved clients are not locked out for long: the slot is back once a held connection ends.
    (held[0] as RawSmtp).end();
    await new Promise((r) => setTimeout(r, 200));
    const next = await connect();
    expect(await next.reply()).toMatch(/^220 /);
    for (const c of [...held, next]) c.end();
    await new Promise((r) => setTimeout(r, 200));
  });

  it('closes a connection after WALLETDESK_SMTP_SESSION_SECONDS whatever it does: NOOP and RSET keep it no longer', async () => {
    const c = await connect();
    expect(await c.reply()).toMatch(/^220 /);
    expect(await c.command('EHLO keepalive.test')).toMatch(/^250 /);
    const started = Date.now();
    // Keep-alives that would hold a slot forever against an idle timeout alone, and a message now and then so the
    // budget of commands without a message never runs out: only the session limit can end this.
    const script = ['NOOP', 'RSET', 'MAIL FROM:<c@customer.test>', 'RCPT TO:<support@walletdesk.local>', 'DATA', message];
    let last: string | null = '';
    for (let i = 0; Date.now() - started < 10_000; i++) {
      last = await c.command(script[i % script.length] as string);
      if (last === null || /^421 /.test(last)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(last).toMatch(/^421 .*session time limit/i);
    expect(await c.waitClosed(5_000)).toBe(true);
    const lasted = Date.now() - started;
    expect(lasted).toBeGreaterThanOrEqual(2_500);
    expect(lasted).toBeLessThan(9_000);
  });

  it('closes a connection that sends command after command without a message; a message resets the count', async () => {
    const c = await connect();
    expect(await c.reply()).toMatch(/^220 /);
    // Four commands, a message, four more: within a budget of five between messages.
    for (const line of ['EHLO client.test', 'NOOP', 'RSET', 'NOOP']) expect(await c.command(line)).toMatch(/^250 /);
    expect(await c.command('MAIL FROM:<c@customer.test>')).toMatch(/^250 /);
    expect(await c.command('RCPT TO:<support@walletdesk.local>')).toMatch(/^250 /);
    expect(await c.command('DATA')).toMatch(/^354 /);
    expect(await c.command(message)).toMatch(/^250 /);
    for (const line of ['NOOP', 'RSET', 'NOOP', 'NOOP']) expect(await c.command(line)).toMatch(/^250 /);
    expect(await c.command('NOOP')).toMatch(/^250 /);
    expect(await c.command('NOOP')).toMatch(/^421 .*too many commands/i);
    expect(await c.waitClosed(5_000)).toBe(true);
  });

  it('closes a connection that repeats refused transaction commands instead of sending a message', async () => {
    const c = await connect();
    expect(await c.reply()).toMatch(/^220 /);
    expect(await c.command('EHLO client.test')).toMatch(/^250 /);
    expect(await c.command('MAIL FROM:<c@customer.test>')).toMatch(/^250 /);
    let last: string | null = '';
    for (let i = 0; i < 500 && last !== null && !/^421 /.test(last); i++) last = await c.command('RCPT TO:<someone@elsewhere.test>');
    expect(last).toMatch(/^421 .*too many commands/i);
    expect(await c.waitClosed(5_000)).toBe(true);
  });

  it('still takes ordinary mail: many messages on one pooled connection, past the command budget in all', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: t.desk.smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
    try {
      for (let i = 0; i < 8; i++) {
        await expect(transport.sendMail({ from: 'c@customer.test', to: 'support@walletdesk.local', subject: `ordinary ${i}`, text: 'hello' })).resolves.toMatchObject({
          response: expect.stringMatching(/^250 /),
        });
      }
    } finally {
      transport.close();
    }
  });
});

describe('SMTP connection rate per client', () => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk('sqlite', { WALLETDESK_SMTP_CONNECTIONS_PER_MINUTE_PER_IP: '4' });
  });
  afterAll(async () => t?.stop());

  it('answers 421 to connections past WALLETDESK_SMTP_CONNECTIONS_PER_MINUTE_PER_IP in a minute, even when each was closed', async () => {
    const replies: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await RawSmtp.connect(t.desk.smtpPort);
      replies.push(await c.reply());
      c.end();
    }
    expect(replies.slice(0, 4).every((r) => /^220 /.test(r ?? ''))).toBe(true);
    expect(replies.slice(4)).toEqual([expect.stringMatching(/^421 .*in the last minute/i), expect.stringMatching(/^421 /)]);
  });
});

describe('SmtpClientLimits', () => {
  it('counts an IPv6 client by its /64 and an IPv4-mapped address as the IPv4 address', () => {
    const limits = new SmtpClientLimits({ connectionsPerIp: 2, connectionsPerMinutePerIp: 1000 });
    expect(limits.admit('2001:db8:1:2::1')).toBeNull();
    expect(limits.admit('2001:db8:1:2:ffff:ffff:ffff:fffe')).toBeNull();
    expect(limits.admit('2001:db8:1:2:aaaa::7')).toMatch(/concurrent/);
    expect(limits.admit('2001:db8:1:3::1')).toBeNull();
    expect(limits.admit('192.0.2.7')).toBeNull();
    expect(limits.admit('::ffff:192.0.2.7')).toBeNull();
    expect(limits.admit('::ffff:c000:207')).toMatch(/concurrent/);
    limits.release('2001:db8:1:2::1');
    expect(limits.admit('2001:db8:1:2::99')).toBeNull();
  });

  it('opens a new rate window a minute after the last one began', () => {
    let now = 1_000_000;
    const limits = new SmtpClientLimits({ connectionsPerIp: 100, connectionsPerMinutePerIp: 2 }, () => now);
    expect(limits.admit('198.51.100.1')).toBeNull();
    expect(limits.admit('198.51.100.1')).toBeNull();
    expect(limits.admit('198.51.100.1')).toMatch(/last minute/);
    expect(limits.admit('198.51.100.2')).toBeNull();
    now += 60_000;
    expect(limits.admit('198.51.100.1')).toBeNull();
  });
});
