import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { signStatusToken } from './status-link.ts';
import { TicketPresence } from './ticket-presence.ts';

const SECRET = 'console-test-secret-0123456789abcdefghijklmnop';
const PRIORITY_ORDER = ['urgent', 'high', 'normal', 'low'];

type Listed = { id: number; status: string; priority: string; updated_at: string; assignee: { id: number } | null; tags: string[] };
type Page = { items: Listed[]; total: number; next_cursor: string | null };

/** Reads Server-Sent Events from a stream and hands each `presence` payload to whoever waits for one. */
class PresenceStream {
  readonly events: { viewers: { id: number; email: string; name: string | null; typing: boolean }[] }[] = [];
  private readonly controller = new AbortController();
  status = 0;
  contentType = '';

  async open(url: string, token: string): Promise<this> {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: this.controller.signal });
    this.status = res.status;
    this.contentType = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || !res.body) return this;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event === 'presence' && data) this.events.push(JSON.parse(data));
          }
        }
      } catch {
        // aborted
      }
    })();
    return this;
  }

  /** Waits for an event (after the first `after`) that satisfies `check`. */
  next(check: (e: PresenceStream['events'][number]) => boolean, after = 0) {
    return waitFor(() => this.events.slice(after).find(check), 5_000, 'presence event');
  }

  close() {
    this.controller.abort();
  }
}

describe.each(testDialects())('agent console (%s)', (dialect) => {
  let t: TestDesk;
  let agentId: number;
  let adminId: number;
  let mailTicket: number;
  const seeded: number[] = [];

  const asAdmin = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    t.api(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${t.adminToken}` } });

  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_SECRET: SECRET });
    const db = t.desk.handle.db;
    await t.send({ from: '"Li <b>&$& Wei" <li@customer.test>', to: 'support@walletdesk.local', subject: '提现失败', text: '我昨天提现 100 USDT 失败了。', messageId: '<console-1@customer.test>' });
    await jobsSettled(db);
    mailTicket = (await t.api('/api/v1/tickets')).body.items[0].id;
    const agents = await db.selectFrom('agents').select(['id', 'email']).execute();
    agentId = agents.find((a) => a.email === 'agent@operator.test')!.id;
    adminId = agents.find((a) => a.email === 'admin@operator.test')!.id;

    // 30 tickets straight into the database: statuses, priorities and deliberately tied update times, so every
    // sort has ties that only the id can break.
    const contact = await db.insertInto('contacts').values({ email: 'bulk@customer.test', name: null, locale: 'en', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
    const statuses = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
    for (let i = 0; i < 30; i++) {
      const row = await db
        .insertInto('tickets')
        .values({
          reference: `WD-T${i}`,
          subject: `bulk ticket ${i}`,
          status: statuses[i % 5]!,
          category: i % 3 === 0 ? 'fees' : 'account',
          priority: PRIORITY_ORDER[i % 4]!,
          requester_id: contact.id,
          locale: 'en',
          created_at: 1_700_000_000_000 + i,
          updated_at: 1_700_000_000_000 + (i % 4) * 1000,
          assignee_id: i % 6 === 0 ? agentId : i % 6 === 1 ? adminId : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      seeded.push(row.id);
    }
  });
  afterAll(async () => t?.stop());

  async function allTicketRows() {
    return t.desk.handle.db.selectFrom('tickets').selectAll().execute();
  }

  async function pageThrough(query: string, limit = 4): Promise<{ ids: number[]; totals: Set<number> }> {
    const ids: number[] = [];
    const totals = new Set<number>();
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const r: { status: number; body: Page } = await t.api(`/api/v1/tickets?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status, query).toBe(200);
      ids.push(...r.body.items.map((i) => i.id));
      totals.add(r.body.total);
      cursor = r.body.next_cursor;
      if (!cursor) break;
    }
    return { ids, totals };
  }

  it('PATCH corrects status, priority and category, assigns, and sets tags trimmed and lower-cased', async () => {
    const r = await t.api(`/api/v1/tickets/${mailTicket}`, {
      method: 'PATCH',
      json: { status: 'open', priority: 'high', category: 'fees', assignee_id: agentId, tags: ['  VIP ', 'Withdrawal', 'vip'] },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: mailTicket, status: 'open', priority: 'high', category: 'fees', assignee: { id: agentId, email: 'agent@operator.test', name: null }, tags: ['vip', 'withdrawal'] });
    expect(r.body.messages.length).toBeGreaterThan(0);
    const listed = (await t.api('/api/v1/tickets?tag=vip')).body as Page;
    expect(listed.items.map((i) => i.id)).toEqual([mailTicket]);
    expect(listed.items[0]).toMatchObject({ assignee: { id: agentId }, tags: ['vip', 'withdrawal'] });

    const unassigned = await t.api(`/api/v1/tickets/${mailTicket}`, { method: 'PATCH', json: { assignee_id: null, tags: [] } });
    expect(unassigned.body).toMatchObject({ assignee: null, tags: [], status: 'open', priority: 'high' });
    await t.api(`/api/v1/tickets/${mailTicket}`, { method: 'PATCH', json: { assignee_id: agentId } });
  });

  it('PATCH refuses bad input naming the field, an inactive or unknown assignee, and unknown tickets', async () => {
    const cases: [unknown, RegExp][] = [
      [{ status: 'done' }, /status/],
      [{ priority: 'extreme' }, /priority/],
      [{ category: 'weather' }, /category/],
      [{ assignee_id: 'me' }, /assignee_id/],
      [{ assignee_id: 999_999 }, /assignee_id/],
      [{ tags: 'vip' }, /tags/],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, /tags/],
      [{ tags: ['x'.repeat(41)] }, /tags/],
      [{ tags: ['   '] }, /tags/],
      [{ tags: ['a,b'] }, /tags/],
      [{ colour: 'red' }, /colour/],
    ];
    for (const [json, field] of cases) {
      const r = await t.api(`/api/v1/tickets/${mailTicket}`, { method: 'PATCH', json });
      expect(r.status, JSON.stringify(json)).toBe(400);
      expect(r.body.message, JSON.stringify(json)).toMatch(field);
    }
    const db = t.desk.handle.db;
    const gone = await db.insertInto('agents').values({ email: 'gone@operator.test', name: 'Gone', role: 'agent', password_hash: 'x', active: 0, created_at: 1 }).returning('id').executeTakeFirstOrThrow();
    const inactive = await t.api(`/api/v1/tickets/${mailTicket}`, { method: 'PATCH', json: { assignee_id: gone.id } });
    expect(inactive.status).toBe(400);
    expect(inactive.body.message).toMatch(/assignee_id/);
    expect((await t.api('/api/v1/tickets/999999', { method: 'PATCH', json: { status: 'open' } })).status).toBe(404);
    expect((await t.api('/api/v1/tickets/999999/notes', { method: 'POST', json: { text: 'x' } })).status).toBe(404);
  });

  it('internal notes show on the ticket with their author, and never reach mail, the outbound log or the status page', async () => {
    const secretNote = 'NOTE-ONLY: customer sounded like a scammer, check KYC';
    const created = await t.api(`/api/v1/tickets/${mailTicket}/notes`, { method: 'POST', json: { text: `  ${secretNote}  ` } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ author: { id: agentId, email: 'agent@operator.test', name: null }, text: secretNote });
    for (const json of [{}, { text: '   ' }, { text: 7 }]) {
      const bad = await t.api(`/api/v1/tickets/${mailTicket}/notes`, { method: 'POST', json });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/text/);
    }

    const reply = await t.api(`/api/v1/tickets/${mailTicket}/replies`, { method: 'POST', json: { text: 'We are looking into your withdrawal.' } });
    expect(reply.status).toBe(201);
    await jobsSettled(t.desk.handle.db);
    await waitFor(() => t.relay.mails.some((m) => m.raw.includes('looking into your withdrawal')), 10_000, 'reply mailed');

    const ticket = (await t.api(`/api/v1/tickets/${mailTicket}`)).body;
    expect(ticket.notes).toEqual([expect.objectContaining({ id: created.body.id, text: secretNote, author: expect.objectContaining({ id: agentId }) })]);
    expect(JSON.stringify(ticket.messages)).not.toContain('NOTE-ONLY');
    expect(t.relay.mails.length).toBeGreaterThan(0);
    for (const mail of t.relay.mails) expect(mail.raw).not.toContain('NOTE-ONLY');
    expect(JSON.stringify((await t.api('/api/v1/outbound')).body)).not.toContain('NOTE-ONLY');

    const row = await t.desk.handle.db.selectFrom('tickets').select(['id', 'requester_id']).where('id', '=', mailTicket).executeTakeFirstOrThrow();
    const token = signStatusToken(SECRET, { ticketId: row.id, contactId: row.requester_id });
    const page = await fetch(`http://127.0.0.1:${t.desk.httpPort}/api/v1/help/status/${token}`);
    const pageText = await page.text();
    expect(page.status).toBe(200);
    expect(pageText).toContain('looking into your withdrawal');
    expect(pageText).not.toContain('NOTE-ONLY');
  });

  it('views: all_open, unassigned, mine (per agent) and pending; filters combine; totals match', async () => {
    const rows = await allTicketRows();
    const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).length;
    const isOpen = (s: string) => s === 'new' || s === 'open';
    const expectations: [string, number][] = [
      ['view=all_open', count((r) => isOpen(r.status))],
      ['view=unassigned', count((r) => isOpen(r.status) && r.assignee_id === null)],
      ['view=mine', count((r) => r.assignee_id === agentId && ['new', 'open', 'pending'].includes(r.status))],
      ['view=pending', count((r) => r.status === 'pending')],
      ['status=closed', count((r) => r.status === 'closed')],
      ['category=fees', count((r) => r.category === 'fees')],
      ['priority=urgent', count((r) => r.priority === 'urgent')],
      [`assignee_id=${adminId}`, count((r) => r.assignee_id === adminId)],
      ['view=all_open&category=account&priority=normal', count((r) => isOpen(r.status) && r.category === 'account' && r.priority === 'normal')],
      // q still searches the conversation, and combines with filters.
      ['q=提现', 1],
      [`q=${encodeURIComponent('提现')}&view=mine`, 1],
    ];
    for (const [query, expected] of expectations) {
      expect(expected, query).toBeGreaterThan(0);
      const { ids, totals } = await pageThrough(query, 3);
      expect([...totals], query).toEqual([expected]);
      expect(new Set(ids).size, query).toBe(expected);
    }
    expect((await t.api(`/api/v1/tickets?q=${encodeURIComponent('提现')}&status=closed`)).body.total).toBe(0);
    const adminMine = (await asAdmin('/api/v1/tickets?view=mine')).body as Page;
    expect(adminMine.total).toBe(count((r) => r.assignee_id === adminId && ['new', 'open', 'pending'].includes(r.status)));
    expect(adminMine.items.every((i) => i.assignee?.id === adminId)).toBe(true);
  });

  it('paging visits every ticket exactly once in the right order for each sort, also inside a view', async () => {
    const rows = await allTicketRows();
    const rank = (p: string) => PRIORITY_ORDER.indexOf(p);
    const orders: Record<string, (a: (typeof rows)[number], b: (typeof rows)[number]) => number> = {
      newest: (a, b) => b.id - a.id,
      oldest: (a, b) => a.id - b.id,
      updated: (a, b) => b.updated_at - a.updated_at || b.id - a.id,
      priority: (a, b) => rank(a.priority) - rank(b.priority) || a.id - b.id,
    };
    for (const [sort, compare] of Object.entries(orders)) {
      for (const [view, keep] of [['', () => true], ['view=all_open&', (r: (typeof rows)[number]) => r.status === 'new' || r.status === 'open']] as const) {
        const expected = rows.filter(keep).sort(compare).map((r) => r.id);
        for (const limit of [1, 4, 7]) {
          const { ids, totals } = await pageThrough(`${view}sort=${sort}`, limit);
          expect(ids, `${view}sort=${sort} limit=${limit}`).toEqual(expected);
          expect([...totals]).toEqual([expected.length]);
        }
      }
    }
  });

  it('a cursor is opaque and bound to its sort: another sort or a forged cursor gets 400 naming cursor', async () => {
    const first = (await t.api('/api/v1/tickets?limit=2&sort=updated')).body as Page;
    expect(first.next_cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    for (const query of [`sort=priority&cursor=${first.next_cursor}`, 'cursor=abc', `cursor=${Buffer.from('["updated","x",1]').toString('base64url')}&sort=updated`, 'cursor=a.b', 'sort=sideways', 'view=everything', 'status=done', 'assignee_id=x']) {
      const r = await t.api(`/api/v1/tickets?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.message, query).toMatch(/cursor|sort|view|status|assignee_id/);
    }
  });

  it('macros: admins write, agents read and render in the ticket language with placeholders filled as plain text', async () => {
    const body = {
      name: 'Withdrawal delay',
      body_en: 'Hello {{customer_name}}, about {{ ticket_reference }}: we are on it. {{agent_name}}, {{support_address}}',
      body_zh: '{{customer_name}} 您好,工单 {{ticket_reference}} 正在处理。{{agent_name}} / {{support_address}}',
    };
    expect((await t.api('/api/v1/macros', { method: 'POST', json: body })).status).toBe(403);
    const created = await asAdmin('/api/v1/macros', { method: 'POST', json: body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, active: true });
    expect((await asAdmin('/api/v1/macros', { method: 'POST', json: body })).status).toBe(409);

    for (const [json, field] of [
      [{ ...body, name: ' ' }, /name/],
      [{ ...body, body_en: 'Hi {{customer}}' }, /body_en.*customer/],
      [{ ...body, body_zh: '{{nope}}' }, /body_zh/],
      [{ name: 'x' }, /body_en/],
      [{ ...body, active: 'yes' }, /active/],
    ] as const) {
      const r = await asAdmin('/api/v1/macros', { method: 'POST', json });
      expect(r.status, JSON.stringify(json)).toBe(400);
      expect(r.body.message).toMatch(field);
    }

    const listed = await t.api('/api/v1/macros');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.body.id, name: 'Withdrawal delay' })]);

    await t.desk.handle.db.updateTable('agents').set({ name: 'Agent Smith' }).where('id', '=', agentId).execute();
    const zh = await t.api(`/api/v1/macros/${created.body.id}/render`, { method: 'POST', json: { ticket_id: mailTicket } });
    expect(zh.status).toBe(200);
    const reference = (await t.api(`/api/v1/tickets/${mailTicket}`)).body.reference;
    expect(zh.body).toEqual({ locale: 'zh-CN', text: `Li <b>&$& Wei 您好,工单 ${reference} 正在处理。Agent Smith / support@walletdesk.local` });
    const en = await asAdmin(`/api/v1/macros/${created.body.id}/render`, { method: 'POST', json: { ticket_id: seeded[0] } });
    expect(en.body).toEqual({ locale: 'en', text: 'Hello bulk@customer.test, about WD-T0: we are on it. admin@operator.test, support@walletdesk.local' });

    const changed = { ...body, body_zh: '', active: true };
    expect((await t.api(`/api/v1/macros/${created.body.id}`, { method: 'PUT', json: changed })).status).toBe(403);
    const put = await asAdmin(`/api/v1/macros/${created.body.id}`, { method: 'PUT', json: changed });
    expect(put.status).toBe(200);
    const fallback = await t.api(`/api/v1/macros/${created.body.id}/render`, { method: 'POST', json: { ticket_id: mailTicket } });
    expect(fallback.body.locale).toBe('en');
    expect((await asAdmin('/api/v1/macros/999999', { method: 'PUT', json: changed })).status).toBe(404);
    expect((await t.api(`/api/v1/macros/${created.body.id}/render`, { method: 'POST', json: { ticket_id: 999_999 } })).status).toBe(404);
    const badRender = await t.api(`/api/v1/macros/${created.body.id}/render`, { method: 'POST', json: { ticket_id: 'one' } });
    expect(badRender.status).toBe(400);
    expect(badRender.body.message).toMatch(/ticket_id/);

    await asAdmin(`/api/v1/macros/${created.body.id}`, { method: 'PUT', json: { ...changed, active: false } });
    expect((await t.api(`/api/v1/macros/${created.body.id}/render`, { method: 'POST', json: { ticket_id: mailTicket } })).status).toBe(409);
    expect((await t.api('/api/v1/macros?active=true')).body.items).toEqual([]);

    expect((await t.api(`/api/v1/macros/${created.body.id}`, { method: 'DELETE' })).status).toBe(403);
    expect((await asAdmin(`/api/v1/macros/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await asAdmin(`/api/v1/macros/${created.body.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await t.api(`/api/v1/macros/${created.body.id}/render`, { method: 'POST', json: { ticket_id: mailTicket } })).status).toBe(404);
  });

  it('presence: a second agent opening the ticket, typing, stopping and leaving reaches the first agent as SSE events', async () => {
    const base = `http://127.0.0.1:${t.desk.httpPort}/api/v1/tickets/${mailTicket}/presence`;
    const mine = await new PresenceStream().open(base, t.token);
    try {
      expect(mine.status).toBe(200);
      expect(mine.contentType).toMatch(/^text\/event-stream/);
      await mine.next((e) => e.viewers.length === 1 && e.viewers[0]!.id === agentId && !e.viewers[0]!.typing);

      let seen = mine.events.length;
      const theirs = await new PresenceStream().open(base, t.adminToken);
      await mine.next((e) => e.viewers.map((v) => v.id).join() === [agentId, adminId].sort((a, b) => a - b).join(), seen);
      await theirs.next((e) => e.viewers.length === 2);

      seen = mine.events.length;
      const typing = await asAdmin(`/api/v1/tickets/${mailTicket}/presence`, { method: 'POST', json: { typing: true } });
      expect(typing.status).toBe(200);
      expect(typing.body.viewers).toContainEqual({ id: adminId, email: 'admin@operator.test', name: null, typing: true });
      await mine.next((e) => e.viewers.some((v) => v.id === adminId && v.typing), seen);

      seen = mine.events.length;
      await asAdmin(`/api/v1/tickets/${mailTicket}/presence`, { method: 'POST', json: { typing: false } });
      await mine.next((e) => e.viewers.some((v) => v.id === adminId && !v.typing), seen);

      // The admin's heartbeat keeps them present for a while after the stream closes; expiry is proven below.
      seen = mine.events.length;
      theirs.close();
      await t.desk.handle.db.selectFrom('tickets').select('id').limit(1).execute();
      const again = await asAdmin(`/api/v1/tickets/${mailTicket}/presence`, { method: 'POST', json: { typing: false } });
      expect(again.body.viewers.map((v: { id: number }) => v.id)).toContain(adminId);
    } finally {
      mine.close();
    }
    const bad = await t.api(`/api/v1/tickets/${mailTicket}/presence`, { method: 'POST', json: { typing: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/typing/);
    expect((await t.api('/api/v1/tickets/999999/presence')).status).toBe(404);
    expect((await t.api('/api/v1/tickets/999999/presence', { method: 'POST', json: { typing: true } })).status).toBe(404);
    const noToken = await fetch(base);
    expect(noToken.status).toBe(401);
  });
});

describe('ticket presence state', () => {
  const ann = { id: 1, email: 'ann@operator.test', name: 'Ann' };
  const bob = { id: 2, email: 'bob@operator.test', name: null };

  it('announces joins, typing and leaves; a heartbeat lapses after the time to live, typing with it', async () => {
    let clock = 1_000;
    const presence = new TicketPresence(300, () => clock);
    const seen: string[] = [];
    presence.subscribe(7, (viewers) => seen.push(viewers.map((v) => `${v.id}${v.typing ? '*' : ''}`).join(',')));
    const leave = presence.openStream(7, ann);
    presence.heartbeat(7, bob, true);
    presence.heartbeat(7, bob, true);
    expect(presence.viewers(7)).toEqual([{ ...ann, typing: false }, { ...bob, typing: true }]);
    clock += 301;
    await waitFor(() => seen.at(-1) === '1', 2_000, 'bob to lapse');
    leave();
    expect(seen).toEqual(['1', '1,2*', '1', '']);
    expect(presence.viewers(7)).toEqual([]);
    presence.close();
  });
});

describe('presence streams at shutdown', () => {
  it('stopping the desk ends open presence streams instead of waiting for them', async () => {
    const t = await startTestDesk('sqlite');
    const db = t.desk.handle.db;
    const contact = await db.insertInto('contacts').values({ email: 'a@customer.test', name: null, locale: 'en', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
    const ticket = await db
      .insertInto('tickets')
      .values({ reference: 'WD-1', subject: 's', status: 'new', category: 'other', priority: 'normal', requester_id: contact.id, locale: 'en', created_at: 1, updated_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await fetch(`http://127.0.0.1:${t.desk.httpPort}/api/v1/tickets/${ticket.id}/presence`, { headers: { authorization: `Bearer ${t.token}` } });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: presence');
    const started = Date.now();
    await t.stop();
    expect((await reader.read().catch(() => ({ done: true }))).done).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
