import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

describe.each(testDialects())('ticket API (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    t = await startTestDesk(dialect);
    const mails = [
      { from: 'li@customer.test', subject: '提现失败', text: '我昨天提现 100 USDT 失败了,手续费也被扣了。' },
      { from: 'wang@customer.test', subject: '账户被盗', text: '我的账户被盗了,请帮我冻结。' },
      { from: 'ann@customer.test', subject: 'Fee question', text: 'Why was the network fee so high? 50% more than usual.' },
      { from: 'bo@customer.test', subject: 'Update my phone', text: 'I changed my phone number and need to update it.' },
      { from: 'cy@customer.test', subject: 'Account restricted', text: 'My account_id was restricted after verification.' },
    ];
    for (const [i, m] of mails.entries()) {
      await t.send({ ...m, to: 'support@walletdesk.local', messageId: `<api-${i}@customer.test>`, attachments: i === 0 ? [{ filename: '截图.png', content: Buffer.from('\x89PNG\r\n\x1a\nfake image bytes', 'latin1'), contentType: 'image/png' }] : [] });
    }
    await jobsSettled(t.desk.handle.db);
  });
  afterAll(async () => t?.stop());

  it('401 without a token, with a wrong token, or with a token of a deactivated agent', async () => {
    for (const authorization of ['', 'Bearer nope', `Bearer ${t.token}x`, 'Basic abc', `Bearer ${t.token.slice(0, -2)}`]) {
      const r = await t.api('/api/v1/tickets', { headers: { authorization } });
      expect(r.status, authorization).toBe(401);
      expect(r.body.error).toBe('unauthorized');
    }
    await t.desk.handle.db.updateTable('agents').set({ active: 0 }).where('email', '=', 'agent@operator.test').execute();
    expect((await t.api('/api/v1/tickets')).status).toBe(401);
    await t.desk.handle.db.updateTable('agents').set({ active: 1 }).where('email', '=', 'agent@operator.test').execute();
    expect((await t.api('/api/v1/tickets')).status).toBe(200);
  });

  it('lists newest first with total and cursor paging that visits every ticket once', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: { items: { id: number }[]; total: number; next_cursor: string | null } } = await t.api(`/api/v1/tickets?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(5);
      seen.push(...r.body.items.map((i) => i.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('q finds Chinese and English words in subjects and text, case-insensitively, with wildcards taken literally', async () => {
    const search = async (q: string) => (await t.api(`/api/v1/tickets?q=${encodeURIComponent(q)}`)).body as { total: number; items: { subject: string }[] };
    expect((await search('被盗')).items.map((i) => i.subject)).toEqual(['账户被盗']);
    expect((await search('手续费')).items.map((i) => i.subject)).toEqual(['提现失败']);
    expect((await search('NETWORK FEE')).items.map((i) => i.subject)).toEqual(['Fee question']);
    expect((await search('50%')).total).toBe(1);
    expect((await search('%')).total).toBe(1);
    expect((await search('account_id')).total).toBe(1);
    expect((await search('t_x')).total).toBe(0);
    expect((await search('nothing like this')).total).toBe(0);
  });

  it('one ticket carries its messages with addresses and attachments; the attachment downloads safely', async () => {
    const list = (await t.api('/api/v1/tickets?q=提现')).body;
    const ticket = (await t.api(`/api/v1/tickets/${list.items[0].id}`)).body;
    expect(ticket).toMatchObject({ subject: '提现失败', status: 'new', category: 'transaction', locale: 'zh-CN' });
    const first = ticket.messages[0];
    expect(first).toMatchObject({ direction: 'inbound', from: 'li@customer.test', to: ['support@walletdesk.local'], subject: '提现失败' });
    expect(first.attachments).toEqual([expect.objectContaining({ filename: '截图.png', content_type: 'image/png', size: 24 })]);
    const res = await fetch(`http://127.0.0.1:${t.desk.httpPort}/api/v1/tickets/${ticket.id}/attachments/${first.attachments[0].id}`, { headers: { authorization: `Bearer ${t.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="__\.png"; filename\*=UTF-8''%E6%88%AA%E5%9B%BE\.png$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toBe('\x89PNG\r\n\x1a\nfake image bytes');

    const other = (await t.api('/api/v1/tickets?q=Fee question')).body.items[0].id;
    const cross = await t.api(`/api/v1/tickets/${other}/attachments/${first.attachments[0].id}`);
    expect(cross.status).toBe(404);
  });

  it('bad input gets 400 naming the field; unknown ids get 404', async () => {
    const id = (await t.api('/api/v1/tickets')).body.items[0].id;
    const cases: [string, RequestInit & { json?: unknown }, RegExp][] = [
      [`/api/v1/tickets/${id}/replies`, { method: 'POST', json: {} }, /text/],
      [`/api/v1/tickets/${id}/replies`, { method: 'POST', json: { text: '   ' } }, /text/],
      [`/api/v1/tickets/${id}/replies`, { method: 'POST', json: { text: 5 } }, /text/],
      [`/api/v1/tickets/${id}/replies`, { method: 'POST', json: { text: 'ok', html: 7 } }, /html/],
      [`/api/v1/tickets/${id}/replies`, { method: 'POST', body: '{not json', headers: { 'content-type': 'application/json' } }, /JSON|json/],
      ['/api/v1/tickets?limit=0', {}, /limit/],
      ['/api/v1/tickets?limit=abc', {}, /limit/],
      ['/api/v1/tickets?cursor=../../etc', {}, /cursor/],
      ['/api/v1/tickets/abc', {}, /id/],
      ['/api/v1/tickets/-1', {}, /id/],
    ];
    for (const [path, init, field] of cases) {
      const r = await t.api(path, init);
      expect(r.status, path).toBe(400);
      expect(r.body.message, path).toMatch(field);
    }
    expect((await t.api('/api/v1/tickets/999999')).status).toBe(404);
    expect((await t.api('/api/v1/tickets/999999/replies', { method: 'POST', json: { text: 'hi' } })).status).toBe(404);
    expect((await t.api(`/api/v1/tickets/${id}/attachments/999999`)).status).toBe(404);
    expect((await t.api('/api/v1/nothing-here')).status).toBe(404);
  });

  it('an oversized request body is refused with 413 and changes nothing', async () => {
    const id = (await t.api('/api/v1/tickets')).body.items[0].id;
    const r = await t.api(`/api/v1/tickets/${id}/replies`, { method: 'POST', json: { text: 'x'.repeat(3 * 1024 * 1024) } });
    expect(r.status).toBe(413);
    const ticket = (await t.api(`/api/v1/tickets/${id}`)).body;
    expect(ticket.messages.some((m: { kind: string }) => m.kind === 'reply')).toBe(false);
  });

  it('healthz reports the database and SMTP listener; the OpenAPI document describes the routes', async () => {
    const health = await fetch(`http://127.0.0.1:${t.desk.httpPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok', smtp: 'listening', imap: 'disabled' });
    const doc = await (await fetch(`http://127.0.0.1:${t.desk.httpPort}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/tickets', '/api/v1/tickets/{id}', '/api/v1/tickets/{id}/attachments/{attachment_id}', '/api/v1/tickets/{id}/replies', '/api/v1/outbound']));
    expect(doc.paths['/api/v1/tickets/{id}/replies'].post.requestBody.content['application/json'].schema.required).toEqual(['text']);
  });
});
