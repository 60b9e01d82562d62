import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 1)]);

function form(fields: Record<string, string>, files: { name: string; data: Buffer }[] = []): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append('files', new Blob([new Uint8Array(f.data)], { type: 'image/png' }), f.name);
  return fd;
}

const good = { email: 'li.wei@customer.test', subject: 'withdrawal failed', description: 'my withdrawal of 100 USDT failed' };

describe.each(testDialects())('the contact form counts every post against the per-client limit (%s)', (dialect) => {
  let t: TestDesk;
  beforeAll(async () => {
    // Behind our proxy, so each test can speak from addresses of its own.
    t = await startTestDesk(dialect, { WALLETDESK_CONTACT_LIMIT: '3', WALLETDESK_TRUSTED_PROXIES: '127.0.0.1' });
  });
  afterAll(async () => t?.stop());
  beforeEach(async () => {
    await t.desk.handle.db.deleteFrom('help_rate_events').execute();
  });

  const post = (from: string, body: FormData | string, headers: Record<string, string> = {}) =>
    t.api('/api/v1/help/contact', { method: 'POST', body, anonymous: true, headers: { 'x-forwarded-for': from, ...headers } });

  it('bad fields, unreadable bodies and oversized files use up the budget like accepted posts', async () => {
    const ip = '198.51.100.20';
    expect((await post(ip, form({ ...good, email: 'not-an-address' }))).status).toBe(400);
    expect((await post(ip, '--x\r\nbroken', { 'content-type': 'multipart/form-data; boundary=nothing' })).status).toBe(400);
    expect((await post(ip, form(good, [{ name: 'huge.png', data: Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]) }]))).status).toBe(413);
    const limited = await post(ip, form(good));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post('198.51.100.21', form(good))).status).toBe(201);
  });

  it('refuses an over-limit post before reading its body', async () => {
    const ip = '198.51.100.30';
    for (let i = 0; i < 3; i += 1) expect((await post(ip, form({ ...good, subject: '' }))).status).toBe(400);
    // Not even a readable body: the answer is the limit, not the parse error.
    expect((await post(ip, 'x', { 'content-type': 'multipart/form-data; boundary=nothing' })).status).toBe(429);
  });

  it('parallel posts cannot slip past the limit together', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('198.51.100.40', form({ ...good, email: 'bad' }))));
    expect(answers.filter((a) => a.status === 400)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(5);
  });

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', async () => {
    for (let i = 1; i <= 3; i += 1) expect((await post(`2001:db8:7:1::${i}`, form({ ...good, email: 'bad' }))).status).toBe(400);
    expect((await post('2001:db8:7:1:ffff:1234:5678:9abc', form(good))).status).toBe(429);
    expect((await post('2001:db8:7:2::1', form(good))).status).toBe(201);

    for (let i = 0; i < 3; i += 1) expect((await post('203.0.113.50', form({ ...good, email: 'bad' }))).status).toBe(400);
    expect((await post('::ffff:203.0.113.50', form(good))).status).toBe(429);
  });
});
