import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

const CRLF = '\r\n';

/** A mail with one attachment of `bytes` random bytes, base64 in 76-character lines (none starts with a dot). */
function largeMail(opts: { from: string | null; messageId: string; attachment: Buffer }): Buffer {
  const b64 = (opts.attachment.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
  const headers = [
    ...(opts.from ? [`From: ${opts.from}`] : []),
    'To: support@walletdesk.local',
    'Subject: Screen recording of the failed withdrawal',
    `Message-ID: ${opts.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
  ];
  const body = [
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The recording is attached.',
    '--b1',
    'Content-Type: application/octet-stream; name="recording.bin"',
    'Content-Disposition: attachment; filename="recording.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    b64,
    '--b1--',
    '',
  ];
  return Buffer.from([...headers, '', ...body].join(CRLF), 'latin1');
}

/** A raw SMTP session that can stop in the middle of DATA. */
async function openSession(port: number, mailFrom: string) {
  const socket = net.connect(port, '127.0.0.1');
  let buffer = '';
  socket.on('data', (c: Buffer) => (buffer += c.toString('latin1')));
  const reply = () =>
    waitFor(() => {
      const m = /^(\d{3}) [^\r\n]*\r\n/m.exec(buffer);
      if (!m) return undefined;
      buffer = buffer.slice(buffer.indexOf(m[0]) + m[0].length);
      return m[0].trim();
    }, 30_000, 'an SMTP reply');
  const command = async (line: string) => {
    socket.write(line + CRLF);
    return reply();
  };
  await reply();
  await command('EHLO client.test');
  await command(`MAIL FROM:<${mailFrom}>`);
  await command('RCPT TO:<support@walletdesk.local>');
  expect(await command('DATA')).toMatch(/^354 /);
  return {
    write: (data: Buffer) => new Promise<void>((resolve) => socket.write(data, () => resolve())),
    /** Ends DATA; the mail written must end with CRLF, as largeMail's does. */
    finish: async () => {
      socket.write('.' + CRLF);
      const answer = await reply();
      socket.end();
      return answer;
    },
  };
}

function spoolFiles(dir: string): { name: string; size: number }[] {
  const spool = path.join(dir, 'spool');
  if (!fs.existsSync(spool) || !fs.statSync(spool).isDirectory()) return [];
  return fs.readdirSync(spool).map((name) => ({ name, size: fs.statSync(path.join(spool, name)).size }));
}

describe.each(testDialects())('mail streamed to storage as it arrives (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect);
  });
  afterAll(async () => t?.stop());

  async function download(urlPath: string, token: string): Promise<Buffer> {
    const res = await fetch(`http://127.0.0.1:${t.desk.httpPort}${urlPath}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  it('spools a large mail to a file while it arrives, stores it in chunks, and keeps it whole: raw source and attachment byte for byte', async () => {
    const attachment = randomBytes(4_500_000);
    const mail = largeMail({ from: 'Mara <mara@customer.test>', messageId: '<large-1@customer.test>', attachment });
    const session = await openSession(t.desk.smtpPort, 'mara@customer.test');
    const half = 2_000_000;
    await session.write(mail.subarray(0, half));
    // Mid-message, what has arrived is in a spool file of the data folder, not in the desk's memory.
    const during = await waitFor(() => spoolFiles(t.database.dir).find((f) => f.size >= 1_000_000), 15_000, 'a spool file');
    expect(during.name).toMatch(/\.eml$/);
    // Customer mail: only the desk's user may read the spool.
    expect(fs.statSync(path.join(t.database.dir, 'spool')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(t.database.dir, 'spool', during.name)).mode & 0o777).toBe(0o600);
    await session.write(mail.subarray(half));
    expect(await session.finish()).toMatch(/^250 /);
    // The spool file goes once the message is committed.
    expect(spoolFiles(t.database.dir)).toEqual([]);

    const db = t.desk.handle.db;
    const raw = await db.selectFrom('inbound_raw').select(['id', 'blob_hash', 'size']).where('mail_from', '=', 'mara@customer.test').executeTakeFirstOrThrow();
    expect(Number(raw.size)).toBe(mail.byteLength);
    const blob = await db.selectFrom('blobs').select(['chunks']).where('hash', '=', raw.blob_hash).executeTakeFirstOrThrow();
    expect(blob.chunks).toBeGreaterThan(1);
    expect(Buffer.compare(await download(`/api/v1/inbound/${raw.id}/raw`, t.adminToken), mail)).toBe(0);

    await jobsSettled(db, 60_000);
    const message = await db.selectFrom('messages').select(['id', 'ticket_id']).where('external_id', '=', '<large-1@customer.test>').executeTakeFirstOrThrow();
    const file = await db.selectFrom('attachments').select(['id', 'size']).where('message_id', '=', message.id).executeTakeFirstOrThrow();
    expect(Number(file.size)).toBe(attachment.byteLength);
    expect(Buffer.compare(await download(`/api/v1/tickets/${message.ticket_id}/attachments/${file.id}`, t.token), attachment)).toBe(0);
  });

  it('re-processes a large quarantined mail from its stored chunks', async () => {
    // No From header and an empty envelope sender: quarantined for want of a sender, the raw source kept.
    const mail = largeMail({ from: null, messageId: '<large-2@customer.test>', attachment: randomBytes(2_500_000) });
    const session = await openSession(t.desk.smtpPort, '');
    await session.write(mail);
    expect(await session.finish()).toMatch(/^250 /);
    const db = t.desk.handle.db;
    await jobsSettled(db, 60_000);
    const raw = await db.selectFrom('inbound_raw').select(['id', 'status', 'quarantine_reason']).where('size', '=', mail.byteLength).executeTakeFirstOrThrow();
    expect(raw.status).toBe('quarantined');
    expect(raw.quarantine_reason).toMatch(/no sender/);
    const res = await t.api(`/api/v1/inbound/${raw.id}/reprocess`, { method: 'POST', headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(res.status).toBe(202);
    await jobsSettled(db, 60_000);
    const again = await db.selectFrom('inbound_raw').select(['status', 'quarantine_reason']).where('id', '=', raw.id).executeTakeFirstOrThrow();
    // Read again in full: the same judgement, not "raw message missing".
    expect(again).toEqual({ status: 'quarantined', quarantine_reason: raw.quarantine_reason });
  });

  it('answers 451 when the spool cannot be written, and stores nothing of that mail; small mail still comes in', async () => {
    const spool = path.join(t.database.dir, 'spool');
    fs.rmSync(spool, { recursive: true, force: true });
    // A file where the spool folder should be: every spool write fails.
    fs.writeFileSync(spool, 'not a folder');
    const db = t.desk.handle.db;
    const count = async () => Number((await db.selectFrom('inbound_raw').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    try {
      const before = await count();
      await expect(t.send({ from: 'olga@customer.test', to: 'support@walletdesk.local', subject: 'big', text: 'x'.repeat(1_000_000) })).rejects.toMatchObject({ responseCode: 451 });
      expect(await count()).toBe(before);
      await expect(t.send({ from: 'olga@customer.test', to: 'support@walletdesk.local', subject: 'small', text: 'hello' })).resolves.toMatchObject({ response: expect.stringMatching(/^250 /) });
      expect(await count()).toBe(before + 1);
    } finally {
      fs.rmSync(spool, { force: true });
    }
  });
});
