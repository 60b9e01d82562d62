import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { toChecksumAddress } from './chain-refs/evm-address.ts';

// A minimal PE image: the DOS header's e_lfanew (offset 0x3c) points at the "PE\0\0" signature.
function executable(): Buffer {
  const exe = Buffer.alloc(512, 0);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  return exe;
}

describe.each(testDialects())('what agents are shown of attachments and addresses (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_ACK_LIMIT_PER_HOUR: '100' });
  });
  afterAll(async () => t?.stop());

  async function ticketOf(messageId: string) {
    const ticketId = await waitFor(async () => (await t.desk.handle.db.selectFrom('messages').select('ticket_id').where('external_id', '=', messageId).executeTakeFirst())?.ticket_id, 15_000, messageId);
    await jobsSettled(t.desk.handle.db);
    return (await t.api(`/api/v1/tickets/${ticketId}`)).body;
  }

  it.each([
    ['photo.png', 'image/png'],
    ['statement.pdf', 'application/pdf'],
    ['notes.txt', 'text/plain'],
    ['page.html', 'text/html'],
  ])('a quarantined file named %s (declared %s) is released to an admin as application/octet-stream, never its claimed type', async (filename, contentType) => {
    const messageId = `<quarantine-${filename}@customer.test>`;
    await t.send({ from: 'qin@customer.test', to: 'support@walletdesk.local', subject: 'screenshot', text: 'see attached', messageId, attachments: [{ filename, content: executable(), contentType }] });
    const ticket = await ticketOf(messageId);
    const attachment = ticket.messages[0].attachments[0];
    expect(attachment.quarantined).toBe(true);
    const res = await fetch(`http://127.0.0.1:${t.desk.httpPort}/api/v1/tickets/${ticket.id}/attachments/${attachment.id}?override=true`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    const audit = await t.api('/api/v1/audit?action=attachment.quarantine_override', { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(audit.body.items.map((e: { target: string }) => e.target)).toContain(`attachment:${attachment.id}`);
  });

  it('a clean attachment keeps its declared type', async () => {
    const messageId = '<clean-csv@customer.test>';
    await t.send({ from: 'qin@customer.test', to: 'support@walletdesk.local', subject: 'records', text: 'see attached', messageId, attachments: [{ filename: 'records.csv', content: 'time,amount\n2026-11-01,100 USDT\n', contentType: 'text/csv' }] });
    const ticket = await ticketOf(messageId);
    const attachment = ticket.messages[0].attachments[0];
    const res = await fetch(`http://127.0.0.1:${t.desk.httpPort}/api/v1/tickets/${ticket.id}/attachments/${attachment.id}`, { headers: { authorization: `Bearer ${t.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  });

  it('shows EVM addresses with their EIP-55 checksum capitals, whatever case the customer wrote, and finds them in any case', async () => {
    const checksummed = '0x52908400098527886E0F7030069857D2E4169EE7';
    const lower = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'.toLowerCase();
    const messageId = '<evm-case@customer.test>';
    await t.send({ from: 'wu@customer.test', to: 'support@walletdesk.local', subject: '提现失败', text: `我的地址 ${checksummed} 和 ${lower}`, messageId });
    const ticket = await ticketOf(messageId);
    const values = ticket.messages[0].chain_refs.map((r: { value: string }) => r.value);
    // An address written in one case carries no checksum; it is shown in its checksummed form, as explorers do.
    expect(values).toEqual([checksummed, toChecksumAddress(lower)]);
    expect(toChecksumAddress(lower)).not.toBe(lower);
    for (const q of [checksummed, checksummed.toLowerCase(), `0x${checksummed.slice(2).toUpperCase()}`]) {
      const found = (await t.api(`/api/v1/tickets?q=${encodeURIComponent(q)}`)).body;
      expect(found.items.map((i: { id: number }) => i.id), q).toContain(ticket.id);
    }
  });
});
