import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dkimVerify } from 'mailauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../platform/testing/desk-process.ts';
import { startDnsServer, type TestDnsServer } from '../platform/testing/dns-server.ts';
import { tempDir, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { getBlob } from '../platform/storage/blobs.ts';
import { CustomerBrowser, uniqueEmail } from '../accounts/testing/customer.ts';
import { createResolver } from './sender-auth/dns-resolver.ts';

/** What a receiving server concludes about the first DKIM signature of `raw`, looking keys up in our test DNS. */
async function dkimResult(raw: string | Buffer, dns: TestDnsServer) {
  const { results } = await dkimVerify(Buffer.from(raw), { resolver: createResolver([dns.address]) as never });
  const first = results[0] as { status: { result: string }; signingDomain?: string; selector?: string } | undefined;
  return { result: first?.status.result ?? 'none', domain: first?.signingDomain, selector: first?.selector };
}

/** `walletdesk dkim` against the desk's data folder, parsed: the record an operator would publish. */
async function printedRecord(t: TestDesk, env: Record<string, string> = {}) {
  const r = await runCli(['dkim'], { env: { WALLETDESK_DATA_DIR: t.database.dir, DATABASE_URL: t.database.url, ...env } });
  expect(r.code).toBe(0);
  const name = /^name:\s+(\S+)$/m.exec(r.stdout)?.[1];
  const value = /^value:\s+(v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]+)$/m.exec(r.stdout)?.[1];
  if (!name || !value) throw new Error(`unexpected output: ${r.stdout}`);
  return { name, value };
}

describe.each(testDialects())('our outbound mail is DKIM-signed (%s)', (dialect) => {
  let t: TestDesk;
  let dns: TestDnsServer;
  let record: { name: string; value: string };

  beforeAll(async () => {
    t = await startTestDesk(dialect);
    record = await printedRecord(t);
    dns = await startDnsServer({ [record.name]: { TXT: [record.value] } });
  });
  afterAll(async () => {
    await t?.stop();
    await dns?.stop();
  });

  it('`walletdesk dkim` prints SELECTOR._domainkey.DOMAIN and the public key of the key the desk signs with', () => {
    expect(record.name).toBe('walletdesk._domainkey.walletdesk.local');
    expect(fs.statSync(path.join(t.database.dir, 'dkim-private.pem')).mode & 0o777).toBe(0o600);
  });

  it('admins see the same record at GET /api/v1/settings/dkim; agents get 403', async () => {
    const admin = await t.api('/api/v1/settings/dkim', { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ selector: 'walletdesk', domain: 'walletdesk.local', name: record.name, type: 'TXT', value: record.value, source: 'created' });
    expect((await t.api('/api/v1/settings/dkim')).status).toBe(403);
    expect((await t.api('/api/v1/settings/dkim', { anonymous: true })).status).toBe(401);
  });

  it('acknowledgements and agent replies pass DKIM at the receiver, and a reply is stored as the signed bytes', async () => {
    const customer = uniqueEmail('dkim');
    await t.send({ from: customer, to: 'support@walletdesk.local', subject: 'Withdrawal stuck', text: 'My withdrawal of 100 USDT is stuck since yesterday.' });
    const ack = await waitFor(() => t.relay.mails.find((m) => m.to.includes(customer)), 15_000, 'the acknowledgement');
    expect(await dkimResult(ack.raw, dns)).toEqual({ result: 'pass', domain: 'walletdesk.local', selector: 'walletdesk' });

    const ticket = (await t.api(`/api/v1/tickets?q=${encodeURIComponent('Withdrawal stuck')}`)).body.items[0] as { id: number };
    expect((await t.api(`/api/v1/tickets/${ticket.id}/replies`, { method: 'POST', json: { text: 'We are looking into your withdrawal.' } })).status).toBe(201);
    const reply = await waitFor(() => t.relay.mails.find((m) => m.to.includes(customer) && m.raw.includes('looking into your withdrawal')), 15_000, 'the reply');
    expect((await dkimResult(reply.raw, dns)).result).toBe('pass');

    const db = t.desk.handle.db;
    // (The acknowledgement is kept with its status link redacted, so only the reply is kept byte for byte.)
    const kept = await db.selectFrom('messages').select('raw_blob_hash').where('ticket_id', '=', ticket.id).where('kind', '=', 'reply').executeTakeFirstOrThrow();
    const stored = (await getBlob(db, kept.raw_blob_hash as string))?.toString('utf8') ?? '';
    expect(stored).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256;/);
    expect((await dkimResult(stored, dns)).result).toBe('pass');
  });

  it('security mail to customers passes too, and a body changed on the way fails', async () => {
    const email = uniqueEmail('dkim-account');
    expect((await CustomerBrowser.of(t).signUp(email, 'violet kettle harbour 42 sings')).status).toBe(201);
    const mail = await waitFor(() => t.relay.mails.find((m) => m.to.includes(email)), 15_000, 'the verification mail');
    expect(await dkimResult(mail.raw, dns)).toMatchObject({ result: 'pass', domain: 'walletdesk.local' });
    const tampered = mail.raw.replace(/(\r?\n\r?\n[\s\S]*?)(Hello|verify)/, '$1Hellx');
    expect(tampered).not.toBe(mail.raw);
    expect((await dkimResult(tampered, dns)).result).toBe('neutral');
    const forgedSubject = mail.raw.replace(/^Subject: .*$/m, 'Subject: Urgent: unlock your wallet');
    expect((await dkimResult(forgedSubject, dns)).result).not.toBe('pass');
  });
});

describe('a configured DKIM key and selector', () => {
  it('signs with the key from WALLETDESK_DKIM_PRIVATE_KEY_FILE under WALLETDESK_DKIM_SELECTOR', async () => {
    const keyFile = path.join(tempDir(), 'dkim.pem');
    fs.writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const env = { WALLETDESK_DKIM_PRIVATE_KEY_FILE: keyFile, WALLETDESK_DKIM_SELECTOR: 'mail2026', WALLETDESK_SUPPORT_ADDRESS: 'help@wallet.example' };
    const t = await startTestDesk('sqlite', env);
    const dns = await startDnsServer({});
    try {
      const record = await printedRecord(t, env);
      expect(record.name).toBe('mail2026._domainkey.wallet.example');
      expect(fs.existsSync(path.join(t.database.dir, 'dkim-private.pem'))).toBe(false);
      dns.set(record.name, { TXT: [record.value] });
      const customer = uniqueEmail('dkim-configured');
      await t.send({ from: customer, to: 'help@wallet.example', subject: 'Fees', text: 'Why is the fee so high?' });
      const ack = await waitFor(() => t.relay.mails.find((m) => m.to.includes(customer)), 15_000, 'the acknowledgement');
      expect(await dkimResult(ack.raw, dns)).toEqual({ result: 'pass', domain: 'wallet.example', selector: 'mail2026' });
      const bad = await runCli(['dkim'], { env: { WALLETDESK_DATA_DIR: t.database.dir, WALLETDESK_DKIM_PRIVATE_KEY_FILE: path.join(tempDir(), 'missing.pem') } });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/WALLETDESK_DKIM_PRIVATE_KEY_FILE/);
    } finally {
      await t.stop();
      await dns.stop();
    }
  });
});
