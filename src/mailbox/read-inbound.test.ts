import { generateKeyPairSync } from 'node:crypto';
import iconv from 'iconv-lite';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from '../platform/testing/dns-server.ts';
import { analyzeInbound } from '../tickets/analyze-inbound.ts';
import type { MailboxSettings } from './mailbox-settings.ts';
import { readInbound, type RawEnvelope } from './read-inbound.ts';
import { readInboundOffThread } from './read-inbound-pool.ts';
import { createResolver } from './sender-auth/dns-resolver.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const envelope: RawEnvelope = { id: 7, source: 'smtp', remote_address: '127.0.0.1', helo: 'mx.customer.test', mail_from: 'li@customer.test' };

async function signedMail(): Promise<Buffer> {
  const raw = await new MailComposer({
    from: 'Li <li@customer.test>',
    to: 'support@walletdesk.local',
    subject: 'USDT withdrawal not received',
    text: 'I withdrew 500 USDT on TRC20 yesterday at 14:00 to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t and it has not arrived.',
    attachments: [{ filename: '截图.png', content: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), contentType: 'image/png' }],
    messageId: '<read-1@customer.test>',
  }).compile().build();
  const options = { canonicalization: 'relaxed/relaxed', signatureData: [{ signingDomain: 'customer.test', selector: 's1', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string }] };
  const { signatures } = await dkimSign(raw, options as never);
  return Buffer.concat([Buffer.from(signatures), raw]);
}

const gbk = (text: string) => iconv.encode(text, 'gbk');
const gbkMail = Buffer.concat([
  Buffer.from(`From: =?GBK?B?${gbk('张三').toString('base64')}?= <zhang@customer.test>\r\nTo: support@walletdesk.local\r\n`),
  Buffer.from(`Subject: =?GBK?B?${gbk('账户被盗').toString('base64')}?=\r\nContent-Type: text/plain; charset=gbk\r\n\r\n`),
  gbk('我的账户被盗了,资产被转走了。\r\n'),
]);
const noSender = Buffer.from('To: support@walletdesk.local\r\nSubject: who am I\r\n\r\nno From, no envelope sender\r\n');
const hugeHeaders = Buffer.from(['From: a@customer.test', ...Array.from({ length: 30_000 }, (_, i) => `X-Filler-${i}: ${'y'.repeat(60)}`), '', 'body', ''].join('\r\n'));

describe('reading a stored message (sender checks, parse, triage) on the worker thread', () => {
  let dns: TestDnsServer;
  let settings: MailboxSettings;
  beforeAll(async () => {
    dns = await startDnsServer({
      'customer.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
      's1._domainkey.customer.test': { TXT: [`v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`] },
      '_dmarc.customer.test': { TXT: ['v=DMARC1; p=reject'] },
    });
    settings = { resolver: createResolver([dns.address]), trustedAuthservIds: [] };
  });
  afterAll(async () => {
    await dns?.stop();
  });

  it('gives the same reading as in this thread, with the words already read', async () => {
    const raw = await signedMail();
    const there = await readInboundOffThread(raw, envelope, settings);
    const here = await readInbound(raw, envelope, settings);
    expect(there).toEqual(here);
    if (there.kind !== 'message') throw new Error(`expected a message, got ${there.kind}`);
    expect(there.message.auth).toEqual({ spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: 'none' });
    expect(there.message.unverifiedSender).toBe(false);
    expect(there.files).toHaveLength(1);
    expect(there.message.attachments[0]).toMatchObject({ filename: '截图.png', contentType: 'image/png' });
    const { analysis, ...message } = there.message;
    expect(analysis).toEqual(analyzeInbound(message));
    expect(analysis).toMatchObject({ triage: { category: 'transaction' }, locale: 'en', chainRefs: [{ kind: 'address', chain: 'tron' }] });
  });

  it('reads Chinese in GBK and marks it for a Chinese answer', async () => {
    const there = await readInboundOffThread(gbkMail, { ...envelope, mail_from: 'zhang@customer.test' }, settings);
    expect(there).toEqual(await readInbound(gbkMail, { ...envelope, mail_from: 'zhang@customer.test' }, settings));
    if (there.kind !== 'message') throw new Error(`expected a message, got ${there.kind}`);
    expect(there.message.subject).toBe('账户被盗');
    expect(there.message.text).toContain('资产被转走了');
    expect(there.message.analysis).toMatchObject({ locale: 'zh-CN', triage: { category: 'security', priority: 'urgent' } });
  });

  it('comes back with a quarantine reason for mail it cannot read, and no sender', async () => {
    expect(await readInboundOffThread(hugeHeaders, envelope, settings)).toMatchObject({ kind: 'quarantine', reason: expect.stringMatching(/MIME parse failed/) });
    expect(await readInboundOffThread(noSender, { ...envelope, mail_from: '' }, settings)).toEqual({
      kind: 'quarantine',
      reason: 'no sender address in From, Sender or the envelope',
    });
  });
});
