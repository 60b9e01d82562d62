import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from '../../platform/testing/dns-server.ts';
import { createResolver, DnsConfigError } from './dns-resolver.ts';

async function closedPort(): Promise<string> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

function codeOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => 'resolved',
    (err: { code?: unknown }) => err.code,
  );
}

describe('createResolver', () => {
  let dns: TestDnsServer;
  const longTxt = `v=DKIM1; k=rsa; p=${'A'.repeat(600)}`;

  beforeAll(async () => {
    dns = await startDnsServer({
      'customer.test': { TXT: ['v=spf1 -all', ['v=spf1 ', 'ip4:192.0.2.1 ', '-all']], MX: [{ exchange: 'mx1.customer.test', priority: 10 }] },
      'mx1.customer.test': { A: ['192.0.2.10'], AAAA: ['2001:db8::10'] },
      's1._domainkey.customer.test': { TXT: [longTxt] },
    });
  });
  afterAll(async () => dns?.stop());

  it('answers in the shapes mailauth expects (node dns.resolve)', async () => {
    const resolve = createResolver([dns.address]);
    expect(await resolve('customer.test', 'TXT')).toEqual([['v=spf1 -all'], ['v=spf1 ', 'ip4:192.0.2.1 ', '-all']]);
    expect(await resolve('Customer.TEST.', 'MX')).toEqual([{ exchange: 'mx1.customer.test', priority: 10 }]);
    expect(await resolve('mx1.customer.test', 'A')).toEqual(['192.0.2.10']);
    expect(await resolve('mx1.customer.test', 'AAAA')).toEqual(['2001:db8::10']);
    // A 2048-bit DKIM key does not fit one 255-byte TXT string, nor a 512-byte DNS message without EDNS.
    expect(((await resolve('s1._domainkey.customer.test', 'TXT')) as string[][])[0]?.join('')).toBe(longTxt);
  });

  it('reports "no such name" and "no such record" with the codes mailauth treats as absence', async () => {
    const resolve = createResolver([dns.address]);
    expect(await codeOf(resolve('nowhere.test', 'TXT'))).toBe('ENOTFOUND');
    expect(await codeOf(resolve('mx1.customer.test', 'TXT'))).toBe('ENODATA');
  });

  it('reports transient failures with codes mailauth treats as temporary', async () => {
    const failing = await startDnsServer({ 'customer.test': { TXT: ['v=spf1 -all'] } });
    try {
      failing.mode = 'servfail';
      expect(await codeOf(createResolver([failing.address])('customer.test', 'TXT'))).toBe('ESERVFAIL');
      failing.mode = 'drop';
      const started = Date.now();
      expect(await codeOf(createResolver([failing.address], { timeoutMs: 250 })('customer.test', 'TXT'))).toBe('ETIMEOUT');
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await failing.stop();
    }
    expect(await codeOf(createResolver([await closedPort()])('customer.test', 'TXT'))).toBe('ECONNREFUSED');
  });

  it('falls over to the next server of the list', async () => {
    const resolve = createResolver([await closedPort(), dns.address], { timeoutMs: 2_000 });
    expect(await resolve('mx1.customer.test', 'A')).toEqual(['192.0.2.10']);
  });

  it('rejects, never throws, for a bad record type', async () => {
    const resolve = createResolver([dns.address]);
    const pending = resolve('customer.test', 'NOT-A-TYPE');
    expect(pending).toBeInstanceOf(Promise);
    expect(await codeOf(pending)).toBe('ERR_INVALID_ARG_VALUE');
  });

  it('refuses a server list node cannot use, naming it', () => {
    expect(() => createResolver(['dns.example.com:53'])).toThrow(DnsConfigError);
    expect(() => createResolver(['dns.example.com:53'])).toThrow(/dns\.example\.com/);
    expect(typeof createResolver(['[::1]:5353', '127.0.0.1'])).toBe('function');
    // Empty: the system's configured servers.
    expect(typeof createResolver([])).toBe('function');
  });
});
