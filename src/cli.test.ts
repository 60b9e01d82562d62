import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgent } from './agents/add-agent.ts';
import { openDatabase, type DbHandle } from './platform/db/connect.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { CaptureRelay } from './platform/testing/capture-relay.ts';
import { DeskProcess, runCli, type CliResult } from './platform/testing/desk-process.ts';
import { createTestDatabase, tempDir, testDialects, waitFor, type TestDatabase } from './platform/testing/test-database.ts';

const PASSWORD = 'correct horse battery staple';
const TOKEN_LINE = /^wd_[A-Za-z0-9_-]{43}$/;

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

/** A failing command's output, attached to the assertion so a red test says what the program said. */
function shown(r: CliResult): string {
  return `exit ${r.code ?? r.signal}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

/** Adds what the desk logged to a failure. */
function withOutput(desk: DeskProcess) {
  return (err: Error): never => {
    throw new Error(`${err.message}\n--- walletdesk output ---\n${desk.tail(60)}`);
  };
}

async function getJson(url: string, token?: string) {
  const res = await fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
}

describe.each(testDialects())('walletdesk CLI as a child process (%s)', (dialect) => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let relay: CaptureRelay;
  let desk: DeskProcess | undefined;
  let adminToken = '';

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    relay = await new CaptureRelay().start();
    env = { WALLETDESK_DATA_DIR: database.dir, DATABASE_URL: database.url, WALLETDESK_SMTP_RELAY: relay.url, WALLETDESK_JOB_POLL_MS: '20', WALLETDESK_RETRY_BASE_MS: '50' };
  });
  afterAll(async () => {
    await desk?.kill();
    await relay?.stop();
    await database?.drop();
  });

  it('agent add takes the password on stdin, token create prints a token that works as Bearer', async () => {
    const added = await runCli(['agent', 'add', '--email', 'Boss@Operator.test', '--role', 'admin'], { env, input: `${PASSWORD}\n` });
    expect(added.code, shown(added)).toBe(0);
    expect(added.stdout).toMatch(/agent boss@operator\.test added \(id \d+, role admin\)/);
    expect(added.stdout).not.toContain(PASSWORD);

    desk = await DeskProcess.start(env);
    const base = desk.baseUrl;

    // Created while the desk runs, as an operator would.
    const created = await runCli(['token', 'create', '--agent', 'boss@operator.test', '--label', 'ci'], { env });
    expect(created.code, shown(created)).toBe(0);
    const token = lastLine(created.stdout);
    expect(token, shown(created)).toMatch(TOKEN_LINE);
    adminToken = token;

    const ok = await getJson(`${base}/api/v1/tickets`, token);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ items: [], total: 0 });

    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await getJson(`${base}/api/v1/tickets`, wrong)).status).toBe(401);
    expect((await getJson(`${base}/api/v1/tickets`, 'wd_not-a-token')).status).toBe(401);
    expect((await getJson(`${base}/api/v1/tickets`)).status).toBe(401);
  });

  it('agent add --require-totp adds an agent who may only enrol TOTP at the first console sign-in', async () => {
    if (!desk) throw new Error('the desk did not start in the previous test');
    const added = await runCli(['agent', 'add', '--email', 'careful@operator.test', '--role', 'agent', '--require-totp'], { env, input: `${PASSWORD}\n` });
    expect(added.code, shown(added)).toBe(0);
    expect(added.stdout).toMatch(/agent careful@operator\.test added \(id \d+, role agent, TOTP required\)/);
    const res = await fetch(`${desk.baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'careful@operator.test', password: PASSWORD }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'totp_enrolment_required', agent: { email: 'careful@operator.test', totp_enabled: false } });
  });

  it('a message sent with swaks becomes a ticket', async () => {
    if (!desk) throw new Error('the desk did not start in the previous test');
    const subject = `Swaks check ${dialect} ${Date.now()}`;
    const { stdout } = await promisify(execFile)('swaks', [
      '--to', 'support@walletdesk.local',
      '--from', 'carol@example.com',
      '--server', `127.0.0.1:${desk.smtpPort}`,
      '--helo', 'client.example.com',
      '--header', `Subject: ${subject}`,
      '--header', 'Message-Id: <swaks-1@example.com>',
      '--body', 'My deposit has not arrived after six confirmations.',
    ], { timeout: 20_000 });
    expect(stdout).toMatch(/^<- {2}250 2\.0\.0 Stored as \d+/m);

    const list = await waitFor(async () => {
      const r = await getJson(`${desk!.baseUrl}/api/v1/tickets?q=${encodeURIComponent('six confirmations')}`, adminToken);
      return r.body.total === 1 ? r.body : undefined;
    }, 30_000, 'the ticket from swaks').catch(withOutput(desk));
    expect(list.items[0]).toMatchObject({ subject, status: 'new', requester: { address: 'carol@example.com' } });
    const ticket = await getJson(`${desk.baseUrl}/api/v1/tickets/${list.items[0].id}`, adminToken);
    expect(ticket.body.messages[0]).toMatchObject({ direction: 'inbound', message_id: '<swaks-1@example.com>' });
    await waitFor(() => relay.mails.find((m) => m.to.includes('carol@example.com')), 30_000, 'the acknowledgement').catch(withOutput(desk));

    const stopped = await desk.stop();
    expect(stopped, desk.tail()).toEqual({ code: 0, signal: null });
  });
});

describe('walletdesk CLI rejects bad input with exit code 2 and a clear message', () => {
  let dir: string;
  let env: Record<string, string>;
  let handle: DbHandle;
  beforeAll(async () => {
    dir = tempDir();
    env = { WALLETDESK_DATA_DIR: dir, DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}` };
    handle = openDatabase(env.DATABASE_URL as string);
    await migrateToLatest(handle.db, handle.dialect);
    await addAgent(handle.db, { email: 'dave@operator.test', role: 'agent', password: PASSWORD });
  });
  afterAll(async () => {
    await handle?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cases: { name: string; args: string[]; input?: string; env?: Record<string, string>; message: RegExp[] }[] = [
    { name: 'no command', args: [], message: [/no command given/, /usage: walletdesk/] },
    { name: 'unknown command', args: ['frobnicate'], message: [/unknown command: frobnicate/, /usage: walletdesk/] },
    { name: 'unknown option', args: ['token', 'create', '--agnet', 'dave@operator.test'], message: [/--agnet/] },
    { name: 'missing --agent', args: ['token', 'create'], message: [/--agent EMAIL is required/] },
    { name: 'unknown agent', args: ['token', 'create', '--agent', 'nobody@operator.test'], message: [/no active agent with email nobody@operator\.test/] },
    { name: 'short password', args: ['agent', 'add', '--email', 'erin@operator.test', '--role', 'agent'], input: 'short\n', message: [/password must be at least 12 characters/] },
    { name: 'bad role', args: ['agent', 'add', '--email', 'erin@operator.test', '--role', 'boss'], input: PASSWORD, message: [/role: .*"agent"\|"admin"/] },
    { name: 'bad email', args: ['agent', 'add', '--email', 'not-an-address', '--role', 'agent'], input: PASSWORD, message: [/email must be an email address/] },
    { name: 'duplicate agent', args: ['agent', 'add', '--email', 'DAVE@operator.test', '--role', 'admin'], input: PASSWORD, message: [/agent with email dave@operator\.test exists already/] },
    {
      // Every problem in the environment is named at once, each with its variable.
      name: 'WALLETDESK_HTTP_PORT=abc and WALLETDESK_SMTP_RELAY=ftp://x on start',
      args: ['start'],
      env: { WALLETDESK_HTTP_PORT: 'abc', WALLETDESK_SMTP_RELAY: 'ftp://x' },
      message: [/invalid configuration/, /WALLETDESK_HTTP_PORT: .*"abc"/, /WALLETDESK_SMTP_RELAY: expected smtp:\/\/host:port/],
    },
  ];

  // Each case is its own process; they run side by side to keep the file quick.
  it.concurrent.for(cases)('$name', async (c, { expect }) => {
    const r = await runCli(c.args, { env: { ...env, ...c.env }, input: c.input ?? '' });
    expect(r.code, shown(r)).toBe(2);
    expect(r.stderr, shown(r)).toMatch(/^walletdesk: /);
    for (const message of c.message) expect(r.stderr, shown(r)).toMatch(message);
    // A clear message, not a crash: no stack trace.
    expect(r.stderr, shown(r)).not.toMatch(/\n\s+at /);
    expect(r.stdout, shown(r)).not.toMatch(/wd_/);
  });

  it('the refused inputs changed nothing: one agent, no token', async () => {
    const agents = await handle.db.selectFrom('agents').select(['email', 'role']).execute();
    expect(agents).toEqual([{ email: 'dave@operator.test', role: 'agent' }]);
    expect(await handle.db.selectFrom('api_tokens').select('id').execute()).toEqual([]);
  });
});
