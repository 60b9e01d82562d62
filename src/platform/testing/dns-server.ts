import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket } from 'dns-packet';

/** The records of one name. A TXT entry given as an array is one record made of those character-strings. */
export type DnsRecordSet = {
  TXT?: (string | string[])[];
  A?: string[];
  AAAA?: string[];
  MX?: { exchange: string; priority: number }[];
};

/** How the server treats every query: answer from its records, never reply (a dead resolver), or SERVFAIL. */
export type DnsServerMode = 'answer' | 'drop' | 'servfail';

const TTL = 60;

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * A TXT string longer than 255 bytes must travel as several character-strings (RFC 1035 §3.3.14); SPF and DKIM
 * verifiers join them back (RFC 7208 §3.3, RFC 6376 §3.6.2.2). Splitting here lets a test write a 2048-bit
 * DKIM key as one string, the way a zone file's parentheses would.
 */
function characterStrings(value: string | string[]): Buffer[] {
  if (Array.isArray(value)) return value.map((s) => Buffer.from(s));
  const bytes = Buffer.from(value);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) parts.push(bytes.subarray(i, i + 255));
  return parts.length ? parts : [Buffer.alloc(0)];
}

/**
 * A real UDP DNS server on 127.0.0.1 and an ephemeral port, answering A/AAAA/MX/TXT from records the test
 * defines, NOERROR with no answer for a known name without that type (which node reports as ENODATA), and
 * NXDOMAIN (ENOTFOUND) for any other name. Tests point the production resolver at `address`, so the lookups
 * go through the same code, wire format and error codes as in production.
 */
export class TestDnsServer {
  /** Every question received, in order, lower-cased: lets a test assert which lookups happened. */
  readonly queries: { name: string; type: string }[] = [];
  mode: DnsServerMode = 'answer';
  port = 0;
  private readonly records = new Map<string, DnsRecordSet>();
  private readonly socket = dgram.createSocket('udp4');

  constructor(records: Record<string, DnsRecordSet> = {}) {
    for (const [name, set] of Object.entries(records)) this.set(name, set);
    this.socket.on('message', (msg, rinfo) => this.onQuery(msg, rinfo));
    // A malformed or unreachable peer must not take the test process down.
    this.socket.on('error', () => {});
  }

  /** Replaces the records of `name`. */
  set(name: string, records: DnsRecordSet): this {
    this.records.set(normalise(name), records);
    return this;
  }

  delete(name: string): this {
    this.records.delete(normalise(name));
    return this;
  }

  /** `127.0.0.1:port`, the form WALLETDESK_DNS_SERVERS and createResolver take. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.bind(0, '127.0.0.1', () => {
        this.socket.off('error', reject);
        resolve();
      });
    });
    this.port = (this.socket.address() as AddressInfo).port;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private onQuery(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return; // not DNS: a real server drops it too
    }
    const question = query.questions?.[0];
    if (query.type !== 'query' || !question) return;
    const name = normalise(question.name);
    this.queries.push({ name, type: question.type });
    if (this.mode === 'drop') return;

    const set = this.records.get(name);
    let rcode = 0; // NOERROR
    const answers: Answer[] = [];
    if (this.mode === 'servfail') rcode = 2;
    else if (!set) rcode = 3; // NXDOMAIN
    else if (question.type === 'TXT') for (const v of set.TXT ?? []) answers.push({ type: 'TXT', name: question.name, ttl: TTL, data: characterStrings(v) });
    else if (question.type === 'A') for (const v of set.A ?? []) answers.push({ type: 'A', name: question.name, ttl: TTL, data: v });
    else if (question.type === 'AAAA') for (const v of set.AAAA ?? []) answers.push({ type: 'AAAA', name: question.name, ttl: TTL, data: v });
    else if (question.type === 'MX') for (const v of set.MX ?? []) answers.push({ type: 'MX', name: question.name, ttl: TTL, data: { exchange: v.exchange, preference: v.priority } });

    const recursionDesired = query.flags !== undefined ? query.flags & dnsPacket.RECURSION_DESIRED : 0;
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      // The rcode travels in the low four bits of the flags word (RFC 1035 §4.1.1).
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_AVAILABLE | recursionDesired | rcode,
      questions: [question],
      answers,
    });
    this.socket.send(response, rinfo.port, rinfo.address);
  }
}

/** Starts a TestDnsServer with these records. */
export function startDnsServer(records: Record<string, DnsRecordSet> = {}): Promise<TestDnsServer> {
  return new TestDnsServer(records).start();
}
