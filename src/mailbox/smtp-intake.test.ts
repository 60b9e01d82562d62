import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

/** A minimal SMTP conversation over a raw socket, for what a well-behaved client library would not send. */
async function converse(port: number, lines: string[]): Promise<string[]> {
  const socket = net.connect(port, '127.0.0.1');
  const replies: string[] = [];
  let buffer = '';
  const nextReply = () =>
    new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const match = /^(\d{3}) [^\r\n]*\r\n/m.exec(buffer);
        if (match) {
          const end = buffer.indexOf(match[0]) + match[0].length;
          const reply = buffer.slice(0, end);
          buffer = buffer.slice(end);
          socket.off('data', onData);
          resolve(reply.trim());
        }
      };
      socket.on('data', onData);
      socket.once('error', reject);
    });
  replies.push(await nextReply());
  for (const line of lines) {
    socket.write(`${line}\r\n`);
    replies.push(await nextReply());
  }
  socket.end();
  return replies;
}

describe.each(testDialects())('SMTP intake (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_SMTP_MAX_BYTES: '20000' });
  });
  afterAll(async () => t?.stop());

  it('refuses any recipient but the support address and aliases with 550 (never a relay)', async () => {
    await expect(t.send({ from: 'x@customer.test', to: 'victim@gmail.test', subject: 's', text: 't' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(t.send({ from: 'x@customer.test', to: 'SUPPORT@walletdesk.local', subject: 's', text: 't' })).resolves.toMatchObject({ response: expect.stringMatching(/^250/) });
    await expect(t.send({ from: 'x@customer.test', to: 'help@walletdesk.local', subject: 's', text: 't' })).resolves.toMatchObject({ response: expect.stringMatching(/^250/) });
  });

  it('accepts a mixed recipient list for the addresses it serves and refuses the rest', async () => {
    const info = await t.send({ from: 'x@customer.test', to: ['support@walletdesk.local', 'other@example.test'], subject: 'mixed', text: 't' });
    expect(info.accepted).toEqual(['support@walletdesk.local']);
    expect(info.rejected).toEqual(['other@example.test']);
  });

  it('refuses a message over WALLETDESK_SMTP_MAX_BYTES with 552, declared or not, and stores nothing of it', async () => {
    const before = await t.desk.handle.db.selectFrom('inbound_raw').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(t.send({ from: 'x@customer.test', to: 'support@walletdesk.local', subject: 'big', text: 'a'.repeat(30_000) })).rejects.toMatchObject({ responseCode: 552 });
    const replies = await converse(t.desk.smtpPort, ['EHLO client.test', 'MAIL FROM:<x@customer.test> SIZE=999999999']);
    expect(replies[1]).toMatch(/SIZE 20000/);
    expect(replies[2]).toMatch(/^552 /);
    const after = await t.desk.handle.db.selectFrom('inbound_raw').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('offers no AUTH and no way to relay, and answers garbage commands with an error, not a crash', async () => {
    const replies = await converse(t.desk.smtpPort, ['EHLO client.test', 'AUTH PLAIN AGFAYQ==', 'XYZZY', 'RCPT TO:<support@walletdesk.local>', 'QUIT']);
    expect(replies[1]).not.toMatch(/AUTH/);
    expect(replies[2]).toMatch(/^5\d\d /);
    expect(replies[3]).toMatch(/^5\d\d /);
    expect(replies[4]).toMatch(/^503 /);
    const health = await fetch(`http://127.0.0.1:${t.desk.httpPort}/healthz`);
    expect(health.status).toBe(200);
  });

  it('a message with bare LF line endings and dot-stuffing arrives intact', async () => {
    const replies = await converse(t.desk.smtpPort, [
      'EHLO client.test',
      'MAIL FROM:<lf@customer.test>',
      'RCPT TO:<support@walletdesk.local>',
      'DATA',
      'From: lf@customer.test\nTo: support@walletdesk.local\nSubject: bare lf\nMessage-ID: <lf-1@customer.test>\n\nline one\n..starts with a dot\nlast line\r\n.',
      'QUIT',
    ]);
    expect(replies[4]).toMatch(/^354 /);
    expect(replies[5]).toMatch(/^250 /);
    await jobsSettled(t.desk.handle.db);
    const row = await t.desk.handle.db.selectFrom('messages').select(['subject', 'text']).where('external_id', '=', '<lf-1@customer.test>').executeTakeFirstOrThrow();
    expect(row.subject).toBe('bare lf');
    expect(row.text).toContain('line one\n.starts with a dot\nlast line');
  });

  it('keeps the raw source of every accepted message byte for byte', async () => {
    const raw = 'From: keep@customer.test\r\nTo: support@walletdesk.local\r\nSubject: keep\r\nMessage-ID: <keep-1@customer.test>\r\nX-Odd:  spaced \t value\r\n\r\nbody\r\n';
    await t.send({ envelope: { from: 'keep@customer.test', to: ['support@walletdesk.local'] }, raw });
    await jobsSettled(t.desk.handle.db);
    const res = await t.api('/api/v1/inbound?limit=1', { headers: { authorization: `Bearer ${t.adminToken}` } });
    const id = res.body.items[0].id;
    const rawRes = await fetch(`http://127.0.0.1:${t.desk.httpPort}/api/v1/inbound/${id}/raw`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(await rawRes.text()).toBe(raw);
  });
});
