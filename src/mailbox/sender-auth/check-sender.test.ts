import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { sealMessage, type ARCSealOptions, type DKIMSignOptions } from 'mailauth';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from '../../platform/testing/dns-server.ts';
import { parseAuthResults } from './authentication-results.ts';
import { checkSender, word, type AuthResult, type CheckSenderInput, type SenderAuth } from './check-sender.ts';
import { createResolver, type Resolver } from './dns-resolver.ts';

const RESULTS: AuthResult[] = ['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror'];

// Documentation ranges (RFC 5737, RFC 3849): the customer's outbound hosts, the bank's, and a forger's.
const CUSTOMER_MX_IP = '192.0.2.10';
const CUSTOMER_OUT_V6 = '2001:db8::11';
const NODMARC_IP = '192.0.2.30';
const BANK_IP = '198.51.100.5';
const ATTACKER_IP = '203.0.113.66';

type Key = { privateKey: KeyObject; dnsRecord: string };

function newKey(): Key {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, dnsRecord: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}` };
}

const customerKey = newKey();
const attackerKey = newKey();
const forwarderKey = newKey();

async function compose(mail: Mail.Options): Promise<Buffer> {
  return new MailComposer({ date: new Date('2025-03-01T08:00:00Z'), ...mail }).compile().build();
}

async function sign(raw: Buffer, signingDomain: string, selector: string, key: Key, extra: { maxBodyLength?: number } = {}): Promise<Buffer> {
  // mailauth's typings demand top-level key fields, but its README and code take them per signatureData entry.
  const options = {
    canonicalization: 'relaxed/relaxed',
    signatureData: [{ signingDomain, selector, privateKey: key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, ...extra }],
  };
  const { signatures, errors } = await dkimSign(raw, options as DKIMSignOptions);
  expect(errors).toEqual([]);
  return Buffer.concat([Buffer.from(signatures), raw]);
}

/** ARC-seals the message as a forwarding/receiving host would (RFC 8617 §5.1), its AAR carrying `authResults`. */
async function seal(raw: Buffer, authResults: string): Promise<Buffer> {
  const options = {
    signingDomain: 'forwarder.test',
    selector: 'arc1',
    privateKey: forwarderKey.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    authResults,
    cv: 'none',
  };
  const headers = await sealMessage(raw, options as ARCSealOptions);
  return Buffer.concat([headers, raw]);
}

function prepend(header: string, raw: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${header}\r\n`), raw]);
}

function alterBody(raw: Buffer, from: string, to: string): Buffer {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const altered = text.slice(0, split) + text.slice(split).replace(from, to);
  expect(altered).not.toBe(text);
  return Buffer.from(altered, 'latin1');
}

describe('checkSender', () => {
  let dns: TestDnsServer;
  let resolver: Resolver;

  beforeAll(async () => {
    dns = await startDnsServer({
      'customer.test': { TXT: ['v=spf1 mx a:out.customer.test -all'], MX: [{ exchange: 'mx1.customer.test', priority: 10 }] },
      'mx1.customer.test': { A: [CUSTOMER_MX_IP] },
      'out.customer.test': { A: ['192.0.2.11'], AAAA: [CUSTOMER_OUT_V6] },
      's1._domainkey.customer.test': { TXT: [customerKey.dnsRecord] },
      '_dmarc.customer.test': { TXT: ['v=DMARC1; p=quarantine; rua=mailto:dmarc@customer.test'] },
      'relaxed.test': { TXT: ['v=spf1 ip4:192.0.2.20 ~all'] },
      'bank.test': { TXT: [`v=spf1 ip4:${BANK_IP} -all`] },
      '_dmarc.bank.test': { TXT: ['v=DMARC1; p=reject; adkim=s; aspf=s'] },
      'attacker.test': { TXT: [`v=spf1 ip4:${ATTACKER_IP} -all`] },
      'a1._domainkey.attacker.test': { TXT: [attackerKey.dnsRecord] },
      'nodmarc.test': { TXT: [`v=spf1 ip4:${NODMARC_IP} -all`] },
      'n1._domainkey.nodmarc.test': { TXT: [customerKey.dnsRecord] },
      'arc1._domainkey.forwarder.test': { TXT: [forwarderKey.dnsRecord] },
    });
    resolver = createResolver([dns.address], { timeoutMs: 2_000 });
  });
  afterAll(async () => dns?.stop());

  const smtp = (mailFrom: string, ip: string, extra: Partial<CheckSenderInput> = {}): CheckSenderInput => ({
    ip,
    helo: 'mail.sender.test',
    mailFrom,
    resolver,
    ...extra,
  });
  const imap = (trustedAuthservIds: string[], extra: Partial<CheckSenderInput> = {}): CheckSenderInput => ({
    ip: null,
    helo: null,
    mailFrom: '',
    resolver,
    trustedAuthservIds,
    ...extra,
  });

  const customerMail = () => compose({ from: 'Alice <alice@customer.test>', to: 'support@bitpai.test', subject: 'Transaction failed', text: 'My withdrawal of 0.5 ETH failed at 10:00.\n' });

  describe('SPF for the connecting IP (SMTP)', () => {
    it('passes for an IP the envelope domain designates through mx, and through a (AAAA for IPv6)', async () => {
      const raw = await customerMail();
      dns.queries.length = 0;
      expect((await checkSender(raw, smtp('alice@customer.test', CUSTOMER_MX_IP))).spf).toBe('pass');
      // The production resolver really asked our server, for the mx mechanism's records.
      expect(dns.queries).toContainEqual({ name: 'customer.test', type: 'MX' });
      expect((await checkSender(raw, smtp('alice@customer.test', CUSTOMER_OUT_V6))).spf).toBe('pass');
      // A dual-stack listener reports IPv4 clients as IPv4-mapped IPv6.
      expect((await checkSender(raw, smtp('alice@customer.test', `::ffff:${CUSTOMER_MX_IP}`))).spf).toBe('pass');
    });

    it('fails for an IP the domain does not designate under -all, and softfails under ~all', async () => {
      const raw = await customerMail();
      expect((await checkSender(raw, smtp('alice@customer.test', ATTACKER_IP))).spf).toBe('fail');
      expect((await checkSender(raw, smtp('someone@relaxed.test', ATTACKER_IP))).spf).toBe('softfail');
    });

    it('is none for an envelope domain without an SPF record, and checks HELO for the null reverse-path', async () => {
      const raw = await customerMail();
      expect((await checkSender(raw, smtp('x@unknown.test', ATTACKER_IP))).spf).toBe('none');
      // A bounce (MAIL FROM:<>) is judged on postmaster@HELO (RFC 7208 §2.4).
      expect((await checkSender(raw, smtp('', CUSTOMER_MX_IP, { helo: 'customer.test' }))).spf).toBe('pass');
    });
  });

  describe('DKIM and DMARC (SMTP)', () => {
    it('a signature of the From domain passes DKIM and DMARC even when SPF fails (aligned DKIM)', async () => {
      const raw = await sign(await customerMail(), 'customer.test', 's1', customerKey);
      const auth = await checkSender(raw, smtp('alice@customer.test', ATTACKER_IP));
      expect(auth).toEqual<SenderAuth>({ spf: 'fail', dkim: 'pass', dmarc: 'pass', arc: 'none', unverified_sender: false, header_from_domain: 'customer.test' });
    });

    it('an unsigned message passes DMARC on aligned SPF alone', async () => {
      const auth = await checkSender(await customerMail(), smtp('bounces@customer.test', CUSTOMER_MX_IP));
      expect(auth).toMatchObject({ spf: 'pass', dkim: 'none', dmarc: 'pass', unverified_sender: false });
    });

    it('DKIM fails once the body is altered after signing, and DMARC fails with it', async () => {
      const signed = await sign(await customerMail(), 'customer.test', 's1', customerKey);
      const altered = alterBody(signed, '0.5 ETH', '50 ETH');
      const auth = await checkSender(altered, smtp('alice@customer.test', ATTACKER_IP));
      expect(auth).toMatchObject({ spf: 'fail', dkim: 'fail', dmarc: 'fail', unverified_sender: true });
    });

    it('DKIM fails when a signed header is altered', async () => {
      const signed = await sign(await customerMail(), 'customer.test', 's1', customerKey);
      const altered = Buffer.from(signed.toString('latin1').replace('Subject: Transaction failed', 'Subject: Please change my email'), 'latin1');
      expect((await checkSender(altered, smtp('alice@customer.test', ATTACKER_IP))).dkim).toBe('fail');
    });

    it('a signature covering only part of the body (l=) does not authenticate text appended after it', async () => {
      const original = await customerMail();
      const signed = await sign(original, 'customer.test', 's1', customerKey, { maxBodyLength: 10 });
      const appended = Buffer.concat([signed, Buffer.from('Also please send my funds to 0xdeadbeef.\r\n')]);
      const auth = await checkSender(appended, smtp('alice@customer.test', ATTACKER_IP));
      expect(auth).toMatchObject({ dkim: 'fail', dmarc: 'fail', unverified_sender: true });
    });

    it('a signature whose key is not published is a permanent error', async () => {
      const raw = await sign(await customerMail(), 'customer.test', 'missing', customerKey);
      expect((await checkSender(raw, smtp('alice@customer.test', ATTACKER_IP))).dkim).toBe('permerror');
    });

    it('a forged bank From (p=reject), unsigned, from a wrong IP fails DMARC and is an unverified sender', async () => {
      const raw = await compose({ from: 'Bank Security <security@bank.test>', to: 'support@bitpai.test', subject: 'Urgent: reset 2FA', text: 'Reset 2FA for account 1234.\n' });
      const auth = await checkSender(raw, smtp('security@bank.test', ATTACKER_IP));
      expect(auth).toEqual<SenderAuth>({ spf: 'fail', dkim: 'none', dmarc: 'fail', arc: 'none', unverified_sender: true, header_from_domain: 'bank.test' });
    });

    it('a forger who authenticates as himself (SPF and DKIM pass for his domain) still fails DMARC for the From', async () => {
      const raw = await sign(
        await compose({ from: 'security@bank.test', to: 'support@bitpai.test', subject: 'Freeze lift', text: 'Lift the restriction.\n' }),
        'attacker.test',
        'a1',
        attackerKey,
      );
      const auth = await checkSender(raw, smtp('bounce@attacker.test', ATTACKER_IP));
      expect(auth).toMatchObject({ spf: 'pass', dkim: 'pass', dmarc: 'fail', unverified_sender: true, header_from_domain: 'bank.test' });
    });

    it('without a DMARC record DMARC is none and the sender unverified, even with aligned SPF and DKIM', async () => {
      const raw = await sign(await compose({ from: 'bob@nodmarc.test', to: 'support@bitpai.test', subject: 'Account problem', text: 'Hi\n' }), 'nodmarc.test', 'n1', customerKey);
      const auth = await checkSender(raw, smtp('bob@nodmarc.test', NODMARC_IP));
      expect(auth).toEqual<SenderAuth>({ spf: 'pass', dkim: 'pass', dmarc: 'none', arc: 'none', unverified_sender: true, header_from_domain: 'nodmarc.test' });
    });

    it('ignores Authentication-Results headers in mail received over SMTP, whoever they name', async () => {
      const raw = prepend(
        'Authentication-Results: mx.trusted.test; spf=pass smtp.mailfrom=security@bank.test; dkim=pass header.d=bank.test; dmarc=pass header.from=bank.test',
        await compose({ from: 'security@bank.test', to: 'support@bitpai.test', subject: 'x', text: 'x\n' }),
      );
      const auth = await checkSender(raw, smtp('security@bank.test', ATTACKER_IP, { trustedAuthservIds: ['mx.trusted.test'] }));
      expect(auth).toMatchObject({ spf: 'fail', dkim: 'none', dmarc: 'fail', unverified_sender: true });
    });
  });

  describe('a resolver that is down gives temperror, never a crash or a hang', () => {
    async function closedPort(): Promise<string> {
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      const { port } = socket.address() as AddressInfo;
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      return `127.0.0.1:${port}`;
    }

    it('connection refused', async () => {
      const dead = createResolver([await closedPort()], { timeoutMs: 1_000 });
      const raw = await seal(await sign(await customerMail(), 'customer.test', 's1', customerKey), 'mx.forwarder.test; spf=pass smtp.mailfrom=alice@customer.test');
      const auth = await checkSender(raw, smtp('alice@customer.test', CUSTOMER_MX_IP, { resolver: dead }));
      expect(auth).toEqual<SenderAuth>({ spf: 'temperror', dkim: 'temperror', dmarc: 'temperror', arc: 'temperror', unverified_sender: true, header_from_domain: 'customer.test' });
    });

    it('a server that never answers times out within the deadline', async () => {
      const blackhole = await startDnsServer();
      blackhole.mode = 'drop';
      try {
        const slow = createResolver([blackhole.address], { timeoutMs: 300 });
        const raw = await sign(await customerMail(), 'customer.test', 's1', customerKey);
        const started = Date.now();
        const auth = await checkSender(raw, smtp('alice@customer.test', CUSTOMER_MX_IP, { resolver: slow }));
        expect(auth).toMatchObject({ spf: 'temperror', dkim: 'temperror', dmarc: 'temperror', unverified_sender: true });
        // SPF, the DKIM key and the DMARC record: a few deadlines, not c-ares's own retries.
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        await blackhole.stop();
      }
    });

    it('SERVFAIL', async () => {
      const broken = await startDnsServer({ 'customer.test': { TXT: ['v=spf1 -all'] } });
      broken.mode = 'servfail';
      try {
        const auth = await checkSender(await customerMail(), smtp('alice@customer.test', CUSTOMER_MX_IP, { resolver: createResolver([broken.address]) }));
        expect(auth).toMatchObject({ spf: 'temperror', dkim: 'none', dmarc: 'temperror', unverified_sender: true });
      } finally {
        await broken.stop();
      }
    });
  });

  describe('IMAP input: SPF from a trusted upstream, DKIM verified here', () => {
    const TRUSTED = ['mx.trusted.test'];

    it('honours the trusted Authentication-Results and never evaluates SPF itself', async () => {
      const raw = prepend('Authentication-Results: mx.trusted.test;\r\n spf=pass (sender IP is 192.0.2.10) smtp.mailfrom=alice@customer.test;\r\n dkim=none', await customerMail());
      dns.queries.length = 0;
      const auth = await checkSender(raw, imap(TRUSTED));
      expect(auth).toEqual<SenderAuth>({ spf: 'pass', dkim: 'none', dmarc: 'pass', arc: 'none', unverified_sender: false, header_from_domain: 'customer.test' });
      expect(dns.queries.filter((q) => q.name === 'customer.test')).toEqual([]);
    });

    it('matches the authserv-id without regard to case', async () => {
      const raw = prepend('Authentication-Results: MX.Trusted.TEST 1; spf=pass smtp.mailfrom=customer.test', await customerMail());
      expect((await checkSender(raw, imap(['mx.trusted.test']))).spf).toBe('pass');
    });

    it('ignores Authentication-Results of an untrusted host', async () => {
      const raw = prepend(
        'Authentication-Results: mx.evil.test; spf=pass smtp.mailfrom=alice@customer.test; dkim=pass header.d=customer.test; dmarc=pass header.from=customer.test',
        await customerMail(),
      );
      const auth = await checkSender(raw, imap(TRUSTED));
      expect(auth).toMatchObject({ spf: 'none', dkim: 'none', dmarc: 'fail', unverified_sender: true });
    });

    it('ignores a header forged by the sender under the trusted name, below the trusted one', async () => {
      const forged = await compose({
        from: 'security@bank.test',
        to: 'support@bitpai.test',
        subject: 'Reset 2FA',
        text: 'Reset it.\n',
        headers: { 'Authentication-Results': 'mx.trusted.test; spf=pass smtp.mailfrom=security@bank.test; dkim=pass header.d=bank.test; dmarc=pass header.from=bank.test' },
      });
      const raw = prepend('Authentication-Results: mx.trusted.test; spf=fail smtp.mailfrom=security@bank.test', forged);
      const auth = await checkSender(raw, imap(TRUSTED));
      expect(auth).toMatchObject({ spf: 'fail', dkim: 'none', dmarc: 'fail', unverified_sender: true, header_from_domain: 'bank.test' });
    });

    it('reads no lower header when the topmost trusted one has no SPF result', async () => {
      const forged = await compose({ from: 'security@bank.test', to: 'support@bitpai.test', subject: 'x', text: 'x\n', headers: { 'Authentication-Results': 'mx.trusted.test; spf=pass smtp.mailfrom=security@bank.test' } });
      const raw = prepend('Authentication-Results: mx.trusted.test; none', forged);
      expect(await checkSender(raw, imap(TRUSTED))).toMatchObject({ spf: 'none', dmarc: 'fail', unverified_sender: true });
    });

    it('verifies DKIM itself: a trusted dkim=pass does not survive an altered body, a trusted dkim=fail does not sink a valid signature', async () => {
      const signed = await sign(await customerMail(), 'customer.test', 's1', customerKey);
      const altered = prepend('Authentication-Results: mx.trusted.test; spf=fail smtp.mailfrom=alice@customer.test; dkim=pass header.d=customer.test; dmarc=pass', alterBody(signed, '0.5 ETH', '50 ETH'));
      expect(await checkSender(altered, imap(TRUSTED))).toMatchObject({ spf: 'fail', dkim: 'fail', dmarc: 'fail', unverified_sender: true });
      const intact = prepend('Authentication-Results: mx.trusted.test; spf=softfail smtp.mailfrom=alice@customer.test; dkim=fail header.d=customer.test; dmarc=fail', signed);
      expect(await checkSender(intact, imap(TRUSTED))).toMatchObject({ spf: 'softfail', dkim: 'pass', dmarc: 'pass', unverified_sender: false });
    });

    it('without any trusted header, DMARC can still pass on an aligned signature verified here', async () => {
      const signed = await sign(await customerMail(), 'customer.test', 's1', customerKey);
      expect(await checkSender(signed, imap([]))).toMatchObject({ spf: 'none', dkim: 'pass', dmarc: 'pass', unverified_sender: false });
    });

    it('uses the ARC-Authentication-Results of a trusted sealer when the ARC chain validates', async () => {
      const sealed = await seal(await customerMail(), 'mx.forwarder.test 1; spf=pass smtp.mailfrom=alice@customer.test; dkim=none');
      expect(await checkSender(sealed, imap(['mx.forwarder.test']))).toMatchObject({ spf: 'pass', arc: 'pass', dmarc: 'pass', unverified_sender: false });
      // Same seal, but its sealer is not one we trust.
      expect(await checkSender(sealed, imap(TRUSTED))).toMatchObject({ spf: 'none', arc: 'pass', dmarc: 'fail', unverified_sender: true });
    });

    it('ignores an ARC-Authentication-Results whose seal does not validate', async () => {
      const sealed = await seal(await customerMail(), 'mx.forwarder.test; spf=fail smtp.mailfrom=alice@customer.test');
      const tampered = Buffer.from(sealed.toString('latin1').replace('spf=fail', 'spf=pass'), 'latin1');
      expect(await checkSender(tampered, imap(['mx.forwarder.test']))).toMatchObject({ spf: 'none', arc: 'fail', dmarc: 'fail', unverified_sender: true });
    });

    it('ignores an ARC-Authentication-Results the sender wrote without any seal', async () => {
      const raw = prepend('ARC-Authentication-Results: i=1; mx.forwarder.test; spf=pass smtp.mailfrom=alice@customer.test', await customerMail());
      expect(await checkSender(raw, imap(['mx.forwarder.test']))).toMatchObject({ spf: 'none', arc: 'fail', unverified_sender: true });
    });
  });

  describe('garbage in, results out', () => {
    const cases: [string, Buffer][] = [
      ['an empty message', Buffer.alloc(0)],
      ['binary noise', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256))],
      ['text without any header', Buffer.from('hello, I lost my 2FA device\r\nplease help\r\n')],
      ['no From header', Buffer.from('To: support@bitpai.test\r\nSubject: help\r\n\r\nbody\r\n')],
      ['two From headers', Buffer.from('From: alice@customer.test\r\nFrom: security@bank.test\r\nSubject: x\r\n\r\nbody\r\n')],
      ['two addresses in From', Buffer.from('From: alice@customer.test, security@bank.test\r\nSubject: x\r\n\r\nbody\r\n')],
      ['a From without a domain', Buffer.from('From: alice\r\nSubject: x\r\n\r\nbody\r\n')],
      ['a From with a broken address', Buffer.from('From: <@@;;;>\r\nSubject: x\r\n\r\nbody\r\n')],
      ['broken header lines', Buffer.from(': no name\r\nno colon at all\r\n\tcontinuation first?\r\nFrom:\r\nDKIM-Signature: ;;;=;\r\n\r\nbody')],
      ['a mangled DKIM-Signature', Buffer.from('DKIM-Signature: v=1; a=rsa-sha256; d=; s=; b=!!!\r\nFrom: alice@customer.test\r\n\r\nbody\r\n')],
      ['a broken ARC set', Buffer.from('ARC-Seal: i=2; cv=pass\r\nARC-Authentication-Results: i=7; mx.forwarder.test; spf=pass\r\nFrom: alice@customer.test\r\n\r\nbody\r\n')],
      ['huge header', Buffer.from(`Subject: ${'x'.repeat(200_000)}\r\nFrom: alice@customer.test\r\n\r\nbody\r\n`)],
    ];

    it.each(cases)('%s (SMTP and IMAP)', async (_name, raw) => {
      for (const input of [smtp('alice@customer.test', ATTACKER_IP), imap(['mx.forwarder.test'])]) {
        const auth = await checkSender(raw, input);
        expect(auth.error).toBeUndefined();
        for (const key of ['spf', 'dkim', 'dmarc', 'arc'] as const) expect(RESULTS).toContain(auth[key]);
        expect(auth.dmarc).not.toBe('pass');
        expect(auth.unverified_sender).toBe(true);
      }
    });

    it('no single From gives DMARC permerror and no header_from_domain', async () => {
      for (const [name, raw] of cases.filter(([n]) => /From|empty|noise|without any header/.test(n))) {
        const auth = await checkSender(raw, smtp('alice@customer.test', ATTACKER_IP));
        expect({ name, dmarc: auth.dmarc, domain: auth.header_from_domain }).toEqual({ name, dmarc: 'permerror', domain: null });
      }
    });

    it('a DKIM-Signature that cannot be parsed is a permerror, not "unsigned"', async () => {
      const [, raw] = cases.find(([n]) => n === 'a mangled DKIM-Signature')!;
      expect((await checkSender(raw, smtp('alice@customer.test', ATTACKER_IP))).dkim).toBe('permerror');
    });

    it('a resolver that throws something odd still yields a result', async () => {
      const odd: Resolver = async () => {
        throw 'not even an Error';
      };
      const auth = await checkSender(await customerMail(), smtp('alice@customer.test', CUSTOMER_MX_IP, { resolver: odd }));
      expect(auth).toMatchObject({ spf: 'temperror', dmarc: 'temperror', unverified_sender: true });
    });
  });
});

describe('word', () => {
  it('maps every mailauth and RFC 8601 result word into our set', () => {
    expect(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror'].map(word)).toEqual(RESULTS);
    expect([word('policy'), word('hardfail'), word('temperr'), word('permerr'), word('skipped'), word('weird'), word(undefined)]).toEqual([
      'fail', 'fail', 'temperror', 'permerror', 'none', 'neutral', 'none',
    ]);
  });
});

describe('parseAuthResults', () => {
  it('reads authserv-id, version, methods and properties, skipping comments', () => {
    expect(
      parseAuthResults(' mx.google.com (our (nested) MX) 1;\r\n dkim=pass (dkim=fail in a comment) header.i=@customer.test header.s=s1 header.b="abc;def";\r\n spf=pass (google.com: domain of a@customer.test designates 192.0.2.10 as permitted sender) smtp.mailfrom="john doe"@customer.test;\r\n dmarc=pass (p=QUARANTINE) header.from=customer.test'),
    ).toEqual({
      authservId: 'mx.google.com',
      instance: null,
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.i': '@customer.test', 'header.s': 's1', 'header.b': 'abc;def' } },
        { method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'john doe@customer.test' } },
        { method: 'dmarc', result: 'pass', props: { 'header.from': 'customer.test' } },
      ],
    });
  });

  it('reads the instance of an ARC-Authentication-Results', () => {
    expect(parseAuthResults('i=2; mx.microsoft.com 1; spf=pass smtp.mailfrom=customer.test', 'aar')).toMatchObject({ authservId: 'mx.microsoft.com', instance: 2 });
    expect(parseAuthResults('mx.microsoft.com 1; spf=pass', 'aar')).toBeNull();
  });

  it('refuses a header that names no authserv-id', () => {
    expect(parseAuthResults('spf=pass (sender IP is 192.0.2.10) smtp.mailfrom=customer.test; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=customer.test;')).toBeNull();
    expect(parseAuthResults('')).toBeNull();
    expect(parseAuthResults('(only a comment)')).toBeNull();
    expect(parseAuthResults('mx.test; none')).toEqual({ authservId: 'mx.test', instance: null, results: [] });
  });
});
