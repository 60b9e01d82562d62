/**
 * Ingest benchmark: a real walletdesk in this process on a fresh database, N customer mails sent through C
 * pooled SMTP connections, and three rates side by side:
 *   accepted     every message answered 250 (stored durably, job queued)
 *   end to end   every message processed into a ticket and visible through GET /api/v1/tickets
 *   parse        parseMail alone over the same bytes, the ceiling the pipeline could approach
 *
 *   npm run bench:ingest -- [--messages 2000] [--concurrency 8] [--postgres postgres://user@host/db]
 *                           [--job-concurrency 32] [--poll-ms 10] [--in-process]
 *
 * The desk runs as `walletdesk start` in a child process, as in production, so the benchmark's own SMTP clients,
 * relay and DNS server do not share its event loop; --in-process runs it inside the benchmark instead (one
 * process, one main thread for both sides).
 *
 * With --postgres the URL names a server and a database to connect to for creating a throwaway database,
 * which is dropped at the end.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { addAgent } from '../src/agents/add-agent.ts';
import { createApiToken } from '../src/agents/api-tokens.ts';
import { openDatabase, type Db } from '../src/platform/db/connect.ts';
import { parseMail } from '../src/mailbox/parse-mail.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { CaptureRelay } from '../src/platform/testing/capture-relay.ts';
import { DeskProcess, runCli } from '../src/platform/testing/desk-process.ts';
import { startDnsServer, type DnsRecordSet, type TestDnsServer } from '../src/platform/testing/dns-server.ts';
import { startDesk, type Desk } from '../src/server.ts';
import { buildCorpus, CUSTOMER_DOMAINS, type BenchMail, type DkimKey } from './ingest-corpus.ts';

const DESK_ADDRESS = 'support@walletdesk.local';
const DKIM_SHARE = 0.7;

/**
 * The customers' providers as DNS shows them: SPF allowing the benchmark's own IP, a DKIM key, a DMARC policy.
 * Every sender check the desk makes is answered by a local server, so no lookup leaves the machine and the
 * figures do not depend on someone else's resolver.
 */
function dnsRecords(key: { selector: string; publicKeyDer: Buffer }): Record<string, DnsRecordSet> {
  const records: Record<string, DnsRecordSet> = {};
  CUSTOMER_DOMAINS.forEach((domain, i) => {
    records[domain] = { TXT: ['v=spf1 ip4:127.0.0.1 ~all'], MX: [{ exchange: `mx.${domain}`, priority: 10 }] };
    records[`${key.selector}._domainkey.${domain}`] = { TXT: [`v=DKIM1; k=rsa; p=${key.publicKeyDer.toString('base64')}`] };
    records[`_dmarc.${domain}`] = { TXT: [`v=DMARC1; p=${['reject', 'quarantine', 'none'][i % 3]}; rua=mailto:dmarc@${domain}`] };
  });
  return records;
}

type Options = { messages: number; concurrency: number; postgres: string | undefined; jobConcurrency: number; pollMs: number; inProcess: boolean };

function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      messages: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '8' },
      postgres: { type: 'string' },
      'job-concurrency': { type: 'string', default: '32' },
      'poll-ms': { type: 'string', default: '10' },
      'in-process': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min} (got ${v})`);
    return n;
  };
  return {
    messages: int('messages', values.messages, 1),
    concurrency: int('concurrency', values.concurrency, 1),
    postgres: values.postgres,
    jobConcurrency: int('job-concurrency', values['job-concurrency'], 1),
    pollMs: int('poll-ms', values['poll-ms'], 10),
    inProcess: values['in-process'] ?? false,
  };
}

type Database = { url: string; dir: string; label: string; drop: () => Promise<void> };

/** A fresh SQLite file in a temp dir, or a throwaway PostgreSQL database created through `adminUrl`. */
async function createDatabase(adminUrl: string | undefined): Promise<Database> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'walletdesk-bench-'));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  if (!adminUrl) {
    return { url: `sqlite:${path.join(dir, 'bench.sqlite')}`, dir, label: 'sqlite (WAL; durable commits flush the log off the main thread, recomputable job results do not wait for it)', drop: async () => removeDir() };
  }
  const name = `wd_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  let version = '';
  try {
    version = String((await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '');
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    label: `postgres ${version} (${url.host})`,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
      removeDir();
    },
  };
}

const rate = (count: number, ms: number) => (ms > 0 ? (count * 1000) / ms : Infinity);
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'inf');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// How often the benchmark asks whether everything is through: each ask is an API request the desk serves in the
// middle of its work, so asking every few milliseconds would slow down what is measured.
const POLL_MS = 50;

/** Sends every mail through one pooled transport with `concurrency` connections; resolves when all have answers. */
async function sendAll(port: number, mails: BenchMail[], concurrency: number) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: concurrency,
    maxMessages: Infinity,
  });
  let next = 0;
  let accepted = 0;
  const failures: string[] = [];
  const sender = async () => {
    for (;;) {
      const mail = mails[next++];
      if (!mail) return;
      try {
        const info = await transport.sendMail({ envelope: { from: mail.envelopeFrom, to: [DESK_ADDRESS] }, raw: mail.raw });
        if (String(info.response).startsWith('250')) accepted++;
        else failures.push(`#${mail.index}: ${String(info.response)}`);
      } catch (err) {
        failures.push(`#${mail.index}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, sender));
  } finally {
    transport.close();
  }
  return { accepted, failures };
}

type Api = (pathAndQuery: string) => Promise<any>;

function apiClient(port: number, token: string): Api {
  return async (pathAndQuery) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${pathAndQuery}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
}

/** Polls the API until no inbound message is pending; returns the ticket total seen then. */
async function waitProcessed(api: Api, deadline: number): Promise<{ tickets: number }> {
  for (;;) {
    const pending = (await api('/inbound?status=pending&limit=1')) as { items: unknown[] };
    if (pending.items.length === 0) {
      const tickets = (await api('/tickets?limit=1')) as { total: number };
      return { tickets: tickets.total };
    }
    if (Date.now() > deadline) throw new Error('timed out waiting for every message to be processed');
    await sleep(POLL_MS);
  }
}

/** Waits until no job is queued or running (acknowledgements delivered to the relay too). */
async function waitJobsSettled(db: Db, deadline: number): Promise<void> {
  for (;;) {
    const row = await db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    if (Number(row.n) === 0) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for jobs to settle');
    await sleep(POLL_MS);
  }
}

/** The desk being measured, wherever it runs: its ports, a database handle to watch jobs, its CPU time, stop. */
type DeskUnderTest = { httpPort: number; smtpPort: number; db: Db; token: string; cpuMs: () => number; stop: () => Promise<void> };

const AGENT = { email: 'bench@operator.test', password: 'correct horse battery staple' };

async function startInProcess(env: Record<string, string>): Promise<DeskUnderTest> {
  const config = loadConfig(env);
  const desk: Desk = await startDesk(config, createLogger(config.logLevel));
  await addAgent(desk.handle.db, { email: AGENT.email, role: 'agent', password: AGENT.password });
  const token = await createApiToken(desk.handle.db, AGENT.email);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  return { httpPort: desk.httpPort, smtpPort: desk.smtpPort, db: desk.handle.db, token, cpuMs: cpu, stop: () => desk.stop() };
}

/** CPU time (user + system) of a Linux process so far, from /proc; clock ticks are 100 Hz on Linux. */
function processCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function startChildProcess(env: Record<string, string>): Promise<DeskUnderTest> {
  const cliEnv = { WALLETDESK_DATA_DIR: env.WALLETDESK_DATA_DIR as string, DATABASE_URL: env.DATABASE_URL as string };
  const migrated = await runCli(['migrate'], { env: cliEnv });
  if (migrated.code !== 0) throw new Error(`walletdesk migrate failed: ${migrated.stderr}`);
  const added = await runCli(['agent', 'add', '--email', AGENT.email, '--role', 'agent'], { env: cliEnv, input: `${AGENT.password}\n` });
  if (added.code !== 0) throw new Error(`walletdesk agent add failed: ${added.stderr}`);
  const created = await runCli(['token', 'create', '--agent', AGENT.email], { env: cliEnv });
  const token = created.stdout.trim().split('\n').at(-1);
  if (created.code !== 0 || !token) throw new Error(`walletdesk token create failed: ${created.stderr}`);
  const { WALLETDESK_HTTP_PORT: _h, WALLETDESK_SMTP_PORT: _s, ...rest } = env;
  const desk = await DeskProcess.start({ ...rest, WALLETDESK_LOG_LEVEL: 'info' }, { timeoutMs: 60_000 });
  const watcher = openDatabase(env.DATABASE_URL as string);
  const pid = desk.pid;
  return {
    httpPort: desk.httpPort,
    smtpPort: desk.smtpPort,
    db: watcher.db,
    token,
    cpuMs: () => processCpuMs(pid),
    stop: async () => {
      await watcher.close();
      await desk.stop();
    },
  };
}

/** parseMail over every message, best of three passes after a warm-up (the figure least disturbed by noise). */
/** The SPF/DKIM/DMARC words of a few processed messages, counted: shows the DNS set-up does what it should. */
async function sampleSenderChecks(api: Api): Promise<string> {
  const list = (await api('/tickets?limit=20')) as { items: { id: number }[] };
  const counts = new Map<string, number>();
  for (const { id } of list.items) {
    const ticket = (await api(`/tickets/${id}`)) as { messages: { direction: string; auth: Record<string, string> | null }[] };
    const auth = ticket.messages.find((m) => m.direction === 'inbound')?.auth;
    const key = auth ? `spf=${auth.spf} dkim=${auth.dkim} dmarc=${auth.dmarc}` : 'none';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([k, n]) => `${n}x ${k}`).join(', ');
}

async function parseRate(mails: BenchMail[]): Promise<number> {
  for (const m of mails.slice(0, Math.min(200, mails.length))) await parseMail(m.raw);
  let best = 0;
  for (let pass = 0; pass < 3; pass++) {
    const t0 = performance.now();
    for (const m of mails) await parseMail(m.raw);
    best = Math.max(best, rate(mails.length, performance.now() - t0));
  }
  return best;
}

async function main(): Promise<void> {
  const opts = options();
  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} cpus, ${cpus[0]?.model.trim() ?? 'unknown cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.release()}`);
  console.log(`node: ${process.version}`);

  const corpusStart = performance.now();
  // Replies answer mail far enough back that their parent's job has finished, whatever the interleaving.
  const replyGap = 2 * opts.jobConcurrency + 2 * opts.concurrency + 32;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dkimKey: DkimKey = { selector: 'bench1', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
  const mails = await buildCorpus({ count: opts.messages, deskAddress: DESK_ADDRESS, replyGap, dkim: { key: dkimKey, share: DKIM_SHARE } });
  const replies = mails.filter((m) => m.repliesTo !== null).length;
  const totalBytes = mails.reduce((s, m) => s + m.raw.byteLength, 0);
  console.log(
    `corpus: ${mails.length} messages, ${mails.filter((m) => m.chinese).length} Chinese, ${mails.filter((m) => m.attachment).length} with attachment, ` +
      `${replies} replies, ${mails.filter((m) => m.signed).length} DKIM-signed, avg ${Math.round(totalBytes / mails.length)} bytes (built in ${Math.round(performance.now() - corpusStart)} ms)`,
  );

  const database = await createDatabase(opts.postgres);
  const relay = await new CaptureRelay().start();
  let dns: TestDnsServer | undefined;
  let desk: DeskUnderTest | undefined;
  try {
    dns = await startDnsServer(dnsRecords({ selector: dkimKey.selector, publicKeyDer: publicKey.export({ type: 'spki', format: 'der' }) }));
    const env: Record<string, string> = {
      WALLETDESK_DATA_DIR: database.dir,
      DATABASE_URL: database.url,
      WALLETDESK_HTTP_PORT: '0',
      WALLETDESK_SMTP_PORT: '0',
      WALLETDESK_SUPPORT_ADDRESS: DESK_ADDRESS,
      WALLETDESK_SMTP_RELAY: relay.url,
      WALLETDESK_DNS_SERVERS: dns.address,
      WALLETDESK_JOB_POLL_MS: String(opts.pollMs),
      WALLETDESK_JOB_CONCURRENCY: String(opts.jobConcurrency),
      WALLETDESK_RETRY_BASE_MS: '50',
      WALLETDESK_LOG_LEVEL: 'silent',
      // The bench signs in nobody: no SMS two-factor, so no gateway to configure.
      WALLETDESK_SMS_GATEWAY: 'none',
    };
    desk = opts.inProcess ? await startInProcess(env) : await startChildProcess(env);
    const api = apiClient(desk.httpPort, desk.token);
    console.log(`database: ${database.label}`);
    console.log(`settings: smtp clients ${opts.concurrency} (pooled), job concurrency ${opts.jobConcurrency}, job poll ${opts.pollMs} ms, desk ${opts.inProcess ? 'in the benchmark process' : 'in its own process'}`);

    const cpu0 = desk.cpuMs();
    const ownCpu0 = process.cpuUsage();
    const t0 = performance.now();
    const sent = await sendAll(desk.smtpPort, mails, opts.concurrency);
    const acceptedMs = performance.now() - t0;
    if (sent.failures.length > 0) {
      console.log(`smtp failures: ${sent.failures.length} (first: ${sent.failures[0]})`);
      throw new Error(`${sent.failures.length} of ${mails.length} messages were not accepted`);
    }
    const deadline = Date.now() + Math.max(120_000, mails.length * 100);
    const { tickets } = await waitProcessed(api, deadline);
    const endToEndMs = performance.now() - t0;
    await waitJobsSettled(desk.db, deadline);
    const settledMs = performance.now() - t0;
    const cpuMs = desk.cpuMs() - cpu0;
    const ownCpu = process.cpuUsage(ownCpu0);
    const quarantined = ((await api('/inbound?status=quarantined&limit=200')) as { items: unknown[] }).items.length;
    const senderChecks = await sampleSenderChecks(api);
    const dnsQueries = dns.queries.length;
    await desk.stop();
    desk = undefined;

    const parse = await parseRate(mails);
    const accepted = rate(sent.accepted, acceptedMs);
    const endToEnd = rate(mails.length, endToEndMs);
    console.log(`accepted: ${sent.accepted}/${mails.length} in ${Math.round(acceptedMs)} ms = ${fmt(accepted)} msg/s`);
    console.log(`end to end: ${mails.length} visible via /api/v1/tickets in ${Math.round(endToEndMs)} ms = ${fmt(endToEnd)} msg/s`);
    console.log(`tickets: ${tickets} (expected ${mails.length - replies}), quarantined ${quarantined}, acknowledgements relayed ${relay.mails.length}`);
    console.log(`sender checks (newest 20 tickets, first message): ${senderChecks}; ${dnsQueries} DNS queries answered locally`);
    console.log(`all jobs settled (acknowledgements delivered): ${Math.round(settledMs)} ms = ${fmt(rate(mails.length, settledMs))} msg/s`);
    console.log(
      `${opts.inProcess ? 'bench' : 'desk'} process cpu until settled: ${Math.round(cpuMs)} ms over ${Math.round(settledMs)} ms wall = ${(cpuMs / settledMs).toFixed(2)} cores`,
    );
    if (!opts.inProcess) {
      console.log(`benchmark process cpu meanwhile (SMTP clients, relay, DNS, API polling): ${Math.round((ownCpu.user + ownCpu.system) / 1000)} ms`);
    }
    console.log(`parse only: ${fmt(parse)} msg/s (parseMail over the same messages in one loop, best of 3 passes)`);
    console.log(`ratio end-to-end/parse: ${(endToEnd / parse).toFixed(3)}`);
  } finally {
    await desk?.stop().catch(() => {});
    await dns?.stop();
    await relay.stop();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
