/**
 * Ticket-list benchmark: 100,000 tickets in a fresh SQLite database, the real `walletdesk start` in a child
 * process (so the load generator does not share its event loop), and the list API driven at a fixed rate.
 *
 *   node --import tsx bench/ticket-list.ts [--tickets 100000] [--rate 500] [--seconds 20]
 *
 * Latency is measured from the moment each request was due, not from when it was sent, so a stalled server
 * cannot hide its stall by slowing the generator down (coordinated omission). It uses autocannon when it is
 * installed and otherwise this file's fixed-rate generator over keep-alive connections (fetch).
 * Quality bar (PRODUCT.md): p99 < 25 ms at 500 requests/s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { addAgent } from '../src/agents/add-agent.ts';
import { createApiToken } from '../src/agents/api-tokens.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { DeskProcess } from '../src/platform/testing/desk-process.ts';

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '20' },
  },
});
const TICKETS = Number(args.tickets);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);

const STATUSES = [['new', 10], ['open', 15], ['pending', 15], ['resolved', 30], ['closed', 30]] as const;
const PRIORITIES = [['urgent', 3], ['high', 12], ['normal', 70], ['low', 15]] as const;
const CATEGORIES = ['account', 'security', 'transaction', 'fees', 'personal_info', 'restriction', 'other'];

/** A small deterministic generator, so every run seeds the same desk. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T extends string>(rnd: () => number, table: readonly (readonly [T, number])[]): T {
  let roll = rnd() * 100;
  for (const [value, weight] of table) if ((roll -= weight) < 0) return value;
  return table[0]![0];
}

async function seed(url: string, file: string): Promise<{ token: string }> {
  const handle = openDatabase(url);
  await migrateToLatest(handle.db, handle.dialect);
  const agentIds: number[] = [];
  for (let i = 0; i < 20; i++) {
    agentIds.push(await addAgent(handle.db, { email: `agent${i}@bench.test`, role: i === 0 ? 'admin' : 'agent', password: 'benchmark password 0123' }));
  }
  const token = await createApiToken(handle.db, 'agent0@bench.test');
  await handle.close();

  // Straight through better-sqlite3 in batches of one transaction each: about a second for 100,000 tickets.
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const rnd = random(42);
  const insertContact = sqlite.prepare('insert into contacts (email, name, locale, created_at) values (?, ?, ?, ?)');
  const insertTicket = sqlite.prepare(
    'insert into tickets (reference, subject, status, category, priority, requester_id, locale, created_at, updated_at, assignee_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertTag = sqlite.prepare('insert into ticket_tags (ticket_id, tag) values (?, ?)');
  const contacts = Math.max(1, Math.floor(TICKETS / 4));
  const start = Date.now() - TICKETS * 60_000;
  const started = performance.now();
  sqlite.transaction(() => {
    for (let c = 1; c <= contacts; c++) insertContact.run(`customer${c}@bench.test`, rnd() < 0.5 ? `Customer ${c}` : null, rnd() < 0.6 ? 'zh-CN' : 'en', start);
  })();
  const BATCH = 5_000;
  for (let from = 0; from < TICKETS; from += BATCH) {
    sqlite.transaction(() => {
      for (let i = from; i < Math.min(TICKETS, from + BATCH); i++) {
        const created = start + i * 60_000;
        const status = weighted(rnd, STATUSES);
        const zh = rnd() < 0.6;
        const info = insertTicket.run(
          `WD-${1001 + i}`,
          zh ? `提现失败 ${i}` : `Withdrawal failed ${i}`,
          status,
          CATEGORIES[Math.floor(rnd() * CATEGORIES.length)],
          weighted(rnd, PRIORITIES),
          1 + Math.floor(rnd() * contacts),
          zh ? 'zh-CN' : 'en',
          created,
          created + Math.floor(rnd() * 3 * 86_400_000),
          rnd() < 0.6 ? agentIds[Math.floor(rnd() * agentIds.length)] : null,
        );
        if (rnd() < 0.05) insertTag.run(info.lastInsertRowid, 'vip');
      }
    })();
  }
  sqlite.close();
  console.log(`seeded ${TICKETS} tickets in ${Math.round(performance.now() - started)} ms`);
  return { token };
}

type AutocannonRun = (opts: Record<string, unknown>) => Promise<{
  latency: { p50: number; p90: number; p99: number; max: number };
  requests: { total: number };
  errors: number;
  non2xx: number;
}>;

type Sample = { url: string; ms: number; ok: boolean };

/** Fires `rate` requests a second for `seconds`, each timed from when it was due. */
async function fixedRate(base: string, token: string, urls: string[], rate: number, seconds: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const total = rate * seconds;
  const interval = 1000 / rate;
  const t0 = performance.now();
  const inflight = new Set<Promise<void>>();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((performance.now() - t0) / interval) + 1);
    for (; sent < due; sent++) {
      const url = urls[sent % urls.length]!;
      const dueAt = t0 + sent * interval;
      const p = fetch(base + url, { headers: { authorization: `Bearer ${token}` } })
        .then(async (res) => {
          await res.arrayBuffer();
          samples.push({ url, ms: performance.now() - dueAt, ok: res.status === 200 });
        })
        .catch(() => {
          samples.push({ url, ms: performance.now() - dueAt, ok: false });
        })
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
  return samples;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function summary(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(1).padStart(6);
  return `n=${String(sorted.length).padStart(5)}  p50 ${f(percentile(sorted, 50))}  p90 ${f(percentile(sorted, 90))}  p99 ${f(percentile(sorted, 99))}  max ${f(sorted.at(-1) ?? NaN)} ms`;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'walletdesk-bench-list-'));
  const file = path.join(dir, 'bench.sqlite');
  const url = `sqlite:${file}`;
  let desk: DeskProcess | undefined;
  try {
    const { token } = await seed(url, file);
    // As operators run it (one log line per request); nobody signs in with SMS, so no gateway is needed.
    desk = await DeskProcess.start({ DATABASE_URL: url, WALLETDESK_DATA_DIR: dir, WALLETDESK_LOG_LEVEL: 'info', WALLETDESK_SMS_GATEWAY: 'none' });
    const base = desk.baseUrl;
    const get = async (u: string) => (await fetch(base + u, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<{ total: number; next_cursor: string | null }>;

    // A cursor deep in the list, as an agent scrolling far down would send.
    let deep = await get('/api/v1/tickets?view=all_open&sort=updated');
    for (let i = 0; i < 40 && deep.next_cursor; i++) deep = await get(`/api/v1/tickets?view=all_open&sort=updated&cursor=${deep.next_cursor}`);
    const urls = [
      '/api/v1/tickets',
      '/api/v1/tickets?view=all_open',
      '/api/v1/tickets?view=unassigned&sort=priority',
      '/api/v1/tickets?view=mine&sort=updated',
      '/api/v1/tickets?view=pending&sort=oldest',
      '/api/v1/tickets?category=fees&sort=priority',
      '/api/v1/tickets?tag=vip',
      `/api/v1/tickets?view=all_open&sort=updated&cursor=${deep.next_cursor}`,
    ];
    for (const u of urls) console.log(`  ${u.slice(0, 70).padEnd(70)} total=${(await get(u)).total}`);

    const autocannon = (await import('autocannon' as string).catch(() => undefined)) as { default: AutocannonRun } | undefined;
    console.log(`load: ${RATE} requests/s for ${SECONDS} s over ${urls.length} list URLs, ${autocannon ? 'autocannon' : 'fixed-rate fetch generator (autocannon not installed)'}`);
    if (autocannon) {
      const result = await autocannon.default({
        url: base,
        connections: 32,
        overallRate: RATE,
        duration: SECONDS,
        headers: { authorization: `Bearer ${token}` },
        requests: urls.map((u) => ({ method: 'GET', path: u })),
      });
      const l = result.latency;
      console.log(`all        n=${result.requests.total}  p50 ${l.p50} p90 ${l.p90} p99 ${l.p99} max ${l.max} ms  errors=${result.errors + result.non2xx}`);
      console.log(`target p99 < 25 ms: ${l.p99 < 25 ? 'met' : 'NOT met'} (${l.p99} ms) on ${os.cpus().length} cores`);
      return;
    }
    await fixedRate(base, token, urls, RATE, 2); // warm-up: JIT, page cache, connection pool
    const samples = await fixedRate(base, token, urls, RATE, SECONDS);
    const failed = samples.filter((s) => !s.ok).length;
    console.log(`all        ${summary(samples.map((s) => s.ms))}  errors=${failed}`);
    for (const u of urls) console.log(`  ${summary(samples.filter((s) => s.url === u).map((s) => s.ms))}  ${u.slice(0, 60)}`);
    const p99 = percentile(samples.map((s) => s.ms).sort((a, b) => a - b), 99);
    console.log(`target p99 < 25 ms: ${p99 < 25 ? 'met' : 'NOT met'} (${p99.toFixed(1)} ms) on ${os.cpus().length} cores`);
  } finally {
    await desk?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
