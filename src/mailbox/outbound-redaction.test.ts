import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAntiPhishingPhrase } from '../tickets/anti-phishing-phrase.ts';
import { LINK_MARKERS, PHRASE_MARKER } from '../tickets/redact-for-agents.ts';
import { signStatusToken, statusUrl } from '../tickets/status-link.ts';
import { jobsSettled, testDialects, waitFor } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

// QP-unsafe (=, é), Chinese, and every HTML-special character.
const PHRASE = '蓝色<海豚> & "42"=é';
const SECRET = 'a test secret of at least thirty-two characters';
const STATUS_TOKEN_SHAPE = /\/status\/[0-9a-z]{1,12}\.[0-9a-z]{1,12}\.[0-9a-z]{1,12}\.[A-Za-z0-9_-]{43}/;

/** Whether any spelling of the phrase is in the text: as is, HTML-escaped, quoted-printable, or a piece of it. */
function carriesPhrase(text: string): boolean {
  const escaped = PHRASE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const qp = [...Buffer.from('海豚', 'utf8')].map((b) => `=${b.toString(16).toUpperCase()}`).join('');
  return [PHRASE, escaped, '海豚', qp, Buffer.from(PHRASE).toString('base64').slice(0, 16)].some((f) => text.includes(f));
}

describe.each(testDialects())('agents never see customers\' anti-phishing phrases or signed links (%s)', (dialect) => {
  let t: TestDesk;
  let ticket: { id: number; requester: { id: number } };
  let replyId: number;
  let link: string;
  const asAdmin = (path: string, init: RequestInit & { json?: unknown } = {}) => t.api(path, { ...init, headers: { authorization: `Bearer ${t.adminToken}` } });

  beforeAll(async () => {
    t = await startTestDesk(dialect, { WALLETDESK_SECRET: SECRET, WALLETDESK_PUBLIC_URL: 'https://desk.wallet.example', WALLETDESK_ACK_LIMIT_PER_HOUR: '100' });
    await t.send({ from: 'li@customer.test', to: 'support@walletdesk.local', subject: '提现失败', text: '我的提现失败了', messageId: '<red-1@customer.test>' });
    const ticketId = await waitFor(async () => (await t.desk.handle.db.selectFrom('messages').select('ticket_id').where('external_id', '=', '<red-1@customer.test>').executeTakeFirst())?.ticket_id, 15_000, 'ticket');
    await jobsSettled(t.desk.handle.db);
    ticket = (await t.api(`/api/v1/tickets/${ticketId}`)).body;
    // The customer sets the phrase in the security center; here straight in the database, as that route does.
    await setAntiPhishingPhrase(t.desk.handle.db, ticket.requester.id, PHRASE);
    replyId = (await t.api(`/api/v1/tickets/${ticket.id}/replies`, { method: 'POST', json: { text: '我们正在处理，请稍候。', html: '<p>我们正在处理，请稍候。</p>' } })).body.id;
    await jobsSettled(t.desk.handle.db);
    link = statusUrl('https://desk.wallet.example', signStatusToken(SECRET, { ticketId: ticket.id, contactId: ticket.requester.id }));
    // The customer answers quoting our reply (phrase and all) and pastes their status and freeze links.
    const freeze = `https://desk.wallet.example/account/freeze?token=eyJhIjoxLCJwIjoiZnJlZXplIn0.${'Q'.repeat(43)}`;
    await t.send({
      from: 'li@customer.test',
      to: 'support@walletdesk.local',
      subject: `Re: ${ticket.id}`,
      text: `还是不行。状态页：${link}\n冻结：${freeze}\n\n> 您的防钓鱼码：${PHRASE}\n> 我们正在处理`,
      html: `<p>还是不行。<a href="${link}">状态页</a> <a href="${freeze}">冻结</a></p><blockquote>您的防钓鱼码：${PHRASE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</blockquote>`,
      messageId: '<red-2@customer.test>',
      inReplyTo: (await t.desk.handle.db.selectFrom('messages').select('external_id').where('id', '=', replyId).executeTakeFirstOrThrow()).external_id ?? undefined,
    });
    await waitFor(async () => (await t.desk.handle.db.selectFrom('messages').select('id').where('external_id', '=', '<red-2@customer.test>').executeTakeFirst()) !== undefined, 15_000, 'follow-up');
    await jobsSettled(t.desk.handle.db);
  });
  afterAll(async () => t?.stop());

  it('the customer really got the phrase (so the checks below can fail)', async () => {
    const sent = await waitFor(() => t.relay.mails.find((m) => m.to[0] === 'li@customer.test' && !/Auto-Submitted/i.test(m.raw)), 15_000, 'reply at the relay');
    const parsed = await PostalMime.parse(sent.raw);
    expect(parsed.text).toContain(PHRASE);
  });

  it('the outbound log shows markers in the raw source, decoded, and keeps every header', async () => {
    const { status, body } = await t.api('/api/v1/outbound');
    expect(status).toBe(200);
    const reply = body.items.find((i: { id: number }) => i.id === replyId);
    expect(typeof reply.raw).toBe('string');
    expect(reply.raw).toContain(reply.message_id);
    for (const item of body.items) {
      expect(carriesPhrase(item.raw ?? ''), `outbound ${item.id}`).toBe(false);
      expect(item.raw ?? '').not.toMatch(STATUS_TOKEN_SHAPE);
    }
    const parsed = await PostalMime.parse(reply.raw);
    expect(parsed.text).toMatch(new RegExp(`[:：] ${PHRASE_MARKER.replace(/[[\]]/g, '\\$&')}`));
    expect(parsed.html).toContain(PHRASE_MARKER);
    expect(parsed.text).toContain('我们正在处理');
  });

  it('the ticket (and so the console) shows no phrase and no signed link in any message, ours or the customer\'s', async () => {
    const { body } = await t.api(`/api/v1/tickets/${ticket.id}`);
    const followUp = body.messages.find((m: { message_id: string }) => m.message_id === '<red-2@customer.test>');
    for (const m of body.messages) {
      const shown = `${m.text}\n${m.html ?? ''}`;
      expect(carriesPhrase(shown), `message ${m.id}`).toBe(false);
      expect(shown).not.toMatch(STATUS_TOKEN_SHAPE);
      expect(shown).not.toContain('Q'.repeat(43));
    }
    expect(followUp.text).toContain(LINK_MARKERS.status);
    expect(followUp.text).toContain(LINK_MARKERS.freeze);
    expect(followUp.text).toContain(PHRASE_MARKER);
    expect(followUp.html).toContain(PHRASE_MARKER);
  });

  it('an admin sees the bytes as sent only with a reason, and the view is audited; agents never', async () => {
    const url = `/api/v1/outbound/${replyId}/raw`;
    const asAgent = await t.api(`${url}?reason=${encodeURIComponent('I want to see it')}`);
    expect(asAgent.status).toBe(403);
    expect((await asAdmin(url)).status).toBe(400);
    expect((await asAdmin(`${url}?reason=`)).status).toBe(400);
    const reason = 'customer reports the mail as phishing, WD ticket check';
    const res = await fetch(`http://127.0.0.1:${t.desk.httpPort}${url}?reason=${encodeURIComponent(reason)}`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^message\/rfc822/);
    const parsed = await PostalMime.parse(Buffer.from(await res.arrayBuffer()));
    expect(parsed.text).toContain(PHRASE);
    const audit = await asAdmin('/api/v1/audit?action=outbound.raw_view');
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'outbound.raw_view', target: `message:${replyId}`, reason, actor_agent_id: expect.any(Number) })]);
    expect((await t.api('/api/v1/audit')).status).toBe(403);

    // A customer's reply can quote the phrase too: every download of an inbound raw source is audited.
    const inboundId = (await t.desk.handle.db.selectFrom('inbound_raw').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    expect((await t.api(`/api/v1/inbound/${inboundId}/raw`)).status).toBe(403);
    expect((await asAdmin(`/api/v1/inbound/${inboundId}/raw?reason=${encodeURIComponent('reprocessing check')}`)).status).toBe(200);
    expect((await asAdmin('/api/v1/audit?action=inbound.raw_view')).body.items).toEqual([expect.objectContaining({ target: `inbound:${inboundId}`, reason: 'reprocessing check' })]);
  });

  it('no agent or admin can set or clear a customer\'s phrase: 403, and nothing changes', async () => {
    for (const token of [t.token, t.adminToken]) {
      for (const phrase of ['an agent phrase', null]) {
        const r = await t.api(`/api/v1/contacts/${ticket.requester.id}/anti-phishing-phrase`, { method: 'PUT', json: { phrase }, headers: { authorization: `Bearer ${token}` } });
        expect(r.status).toBe(403);
        expect(r.body.message).toMatch(/only the customer/);
      }
    }
    const row = await t.desk.handle.db.selectFrom('contacts').select('anti_phishing_phrase').where('id', '=', ticket.requester.id).executeTakeFirstOrThrow();
    expect(row.anti_phishing_phrase).toBe(PHRASE);
    const spec = (await t.api('/api/v1/openapi.json')).body;
    expect(spec.paths['/api/v1/contacts/{id}/anti-phishing-phrase'].put.deprecated).toBe(true);
  });
});
