import { clientIpGroup } from '../platform/client-ip-group.ts';

export type SmtpLimits = {
  /** Connections the server holds open at once, from all clients together. */
  connections: number;
  /** Connections one client (an IPv4 address, an IPv6 /64) may hold open at once. */
  connectionsPerIp: number;
  /** Connections one client may open per minute. */
  connectionsPerMinutePerIp: number;
  /** Longest a connection may last, whatever it does. */
  sessionMs: number;
  /** Commands other than MAIL, RCPT and DATA a connection may send between two accepted messages. */
  commandsWithoutMessage: number;
};

const MINUTE = 60_000;
// Past this many clients in the table, expired rate windows are swept out, so a scan from many addresses cannot
// grow it without bound.
const SWEEP_AT = 10_000;

/**
 * Per-client connection accounting for the SMTP server: how many connections each client holds, and how many it
 * opened in the current minute. Without it one address can take every connection the server has (and keep them,
 * with a NOOP now and then). IPv6 clients are counted by their /64, which one subscriber holds whole.
 */
export class SmtpClientLimits {
  private readonly open = new Map<string, number>();
  private readonly opened = new Map<string, { since: number; count: number }>();

  constructor(
    private readonly limits: Pick<SmtpLimits, 'connectionsPerIp' | 'connectionsPerMinutePerIp'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a new connection from `ip`; the reason to refuse it instead, if over a limit (then nothing is held). */
  admit(ip: string): string | null {
    const key = clientIpGroup(ip);
    const now = this.now();
    if (this.opened.size > SWEEP_AT) this.sweep(now);
    let window = this.opened.get(key);
    if (!window || now - window.since >= MINUTE) this.opened.set(key, (window = { since: now, count: 0 }));
    // Refused attempts count too: retrying at once must not be a way around the rate.
    window.count++;
    if (window.count > this.limits.connectionsPerMinutePerIp) return 'too many connections from your address in the last minute';
    const held = this.open.get(key) ?? 0;
    if (held >= this.limits.connectionsPerIp) return 'too many concurrent connections from your address';
    this.open.set(key, held + 1);
    return null;
  }

  /** A connection that admit() counted has closed. */
  release(ip: string): void {
    const key = clientIpGroup(ip);
    const held = (this.open.get(key) ?? 1) - 1;
    if (held <= 0) this.open.delete(key);
    else this.open.set(key, held);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.opened) if (now - window.since >= MINUTE) this.opened.delete(key);
  }
}
