import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../platform/db/connect.ts';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { uniqueEmail } from '../accounts/testing/customer.ts';

const STATUS_LINK = /\/status\/([0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{43})/;

/** The status token of the acknowledgement the relay took for `to` (quoted-printable soft breaks undone). */
async function statusTokenMailedTo(t: TestDesk, to: string): Promise<string> {
  return waitFor(() => {
    const mail = t.relay.mails.find((m) => m.to.includes(to));
    return mail ? STATUS_LINK.exec(mail.raw.replace(/=\r?\n/g, ''))?.[1] : undefined;
  }, 20_000, `an acknowledgement with a status link to ${to}`);
}

async function everythingStored(db: Db): Promise<string> {
  const messages = await db.selectFrom('messages').selectAll().execute();
  const blobs = await db.selectFrom('blobs').select('data').execute();
  return JSON.stringify(messages) + blobs.map((b) => Buffer.from(b.data).toString('latin1').replace(/=\r?\n/g, '')).join('\n');
}

describe.each(testDialects())("the acknowledgement's status link at rest (%s)", (dialect) => {
  let t: TestDesk | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('the customer gets a working link; the ticket, the outbound log and every stored byte keep it redacted', async () => {
    t = await startTestDesk(dialect);
    const db = t.desk.handle.db;
    const customer = uniqueEmail('status');
    await t.send({ from: customer, to: 'support@walletdesk.local', subject: 'Deposit missing', text: 'My deposit of 50 USDT has not arrived.' });
    const token = await statusTokenMailedTo(t, customer);
    expect((await t.api(`/api/v1/help/status/${token}`, { anonymous: true })).status).toBe(200);
    await jobsSettled(db);

    expect(await everythingStored(db)).not.toContain(token);
    const ack = await db.selectFrom('messages').selectAll().where('kind', '=', 'acknowledgement').executeTakeFirstOrThrow();
    expect(ack).toMatchObject({ delivery_status: 'sent', raw_sealed: null, raw_blob_hash: expect.any(String) });
    expect(ack.text).toContain('/status/[redacted]');
    const outbound = (await t.api('/api/v1/outbound', { headers: { authorization: `Bearer ${t.adminToken}` } })).body.items as { raw: string | null }[];
    expect(outbound.length).toBeGreaterThan(0);
    for (const item of outbound) expect((item.raw ?? '').replace(/=\r?\n/g, '')).not.toContain(token);
  });

  it('while the relay refuses, the bytes as sent exist only sealed, and the retry sends the very same live link', async () => {
    t = await startTestDesk(dialect);
    const db = t.desk.handle.db;
    t.relay.failNext(2, 451);
    const customer = uniqueEmail('status-retry');
    await t.send({ from: customer, to: 'support@walletdesk.local', subject: 'Fee question', text: 'Why was I charged 5 USDT?' });
    const waiting = await waitFor(
      async () => {
        const row = await db.selectFrom('messages').selectAll().where('kind', '=', 'acknowledgement').executeTakeFirst();
        return row?.raw_sealed && row.delivery_status === 'queued' ? row : undefined;
      },
      15_000,
      'the acknowledgement composed and waiting',
    );
    expect(waiting.raw_sealed).toMatch(/^v1:/);
    const token = await statusTokenMailedTo(t, customer);
    expect(t.relay.mails.filter((m) => m.to.includes(customer))).toHaveLength(1);
    expect(JSON.stringify(waiting)).not.toContain(token);
    await jobsSettled(db);
    expect(await everythingStored(db)).not.toContain(token);
    expect((await t.api(`/api/v1/help/status/${token}`, { anonymous: true })).status).toBe(200);
  });
});
