import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../platform/db/connect.ts';
import type { Database } from '../platform/db/schema.ts';
import { DeskProcess, freePort, runCli } from '../platform/testing/desk-process.ts';
import { TestDovecot } from '../platform/testing/dovecot.ts';
import { createTestDatabase, jobsSettled, testDialects, waitFor, type TestDatabase } from '../platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../platform/testing/test-desk.ts';
import { parseImapUrl } from './imap-account.ts';
import { describeImapError } from './imap-source.ts';

function rawMail(id: string, opts: { subject?: string; body?: string } = {}): string {
  return [
    `From: "Customer ${id}" <customer-${id}@example.com>`,
    'To: support@walletdesk.local',
    `Subject: ${opts.subject ?? `Withdrawal stuck ${id}`}`,
    `Message-ID: <${id}@example.com>`,
    'Date: Tue, 25 Nov 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body ?? `My withdrawal ${id} has been pending since yesterday.`,
    '',
  ].join('\r\n');
}

async function count(db: Db, table: keyof Database, where?: (q: any) => any): Promise<number> {
  let q: any = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = where(q);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** UID → flags of every message in a folder, read by the test's own IMAP client. */
async function flagsIn(mua: ImapFlow, folder = 'INBOX'): Promise<Map<number, Set<string>>> {
  const lock = await mua.getMailboxLock(folder);
  try {
    const out = new Map<number, Set<string>>();
    if (mua.mailbox && mua.mailbox.exists > 0) {
      for (const m of await mua.fetchAll('1:*', { uid: true, flags: true })) out.set(m.uid, m.flags ?? new Set());
    }
    return out;
  } finally {
    lock.release();
  }
}

async function allSeen(mua: ImapFlow, folder = 'INBOX'): Promise<boolean> {
  const flags = await flagsIn(mua, folder);
  return [...flags.values()].every((f) => f.has('\\Seen'));
}

async function healthOf(baseUrl: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/healthz`);
  return { status: res.status, body: await res.json() };
}

const deskBase = (t: TestDesk) => `http://127.0.0.1:${t.desk.httpPort}`;

describe('IMAP URL and errors', () => {
  it('reads percent-encoded credentials, default ports and the mailbox, and keys the bookkeeping without the password', () => {
    expect(parseImapUrl('imaps://support%40wallet.example:p%40ss%2Fw@Imap.Wallet.Example/Support%2FInbound')).toEqual({
      host: 'Imap.Wallet.Example',
      port: 993,
      secure: true,
      user: 'support@wallet.example',
      pass: 'p@ss/w',
      mailbox: 'Support/Inbound',
      key: 'support@wallet.example@imap.wallet.example:993',
    });
    expect(parseImapUrl('imap://desk:pw@127.0.0.1')).toMatchObject({ port: 143, secure: false, mailbox: 'INBOX' });
    expect(parseImapUrl('imap://desk:pw@[::1]:1143/INBOX')).toMatchObject({ host: '::1', port: 1143 });
  });

  it('describes a failure without what imapflow attaches to it (a failed LOGIN carries the password)', () => {
    const loginFailure = Object.assign(new Error('Command failed'), {
      authenticationFailed: true,
      responseText: 'Authentication failed.',
      executedCommand: '2 LOGIN desk hunter2',
    });
    expect(describeImapError(loginFailure)).toBe('authentication failed: Authentication failed.');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1143'), { code: 'ECONNREFUSED' });
    expect(describeImapError(refused)).toBe('connect ECONNREFUSED 127.0.0.1:1143');
    expect(describeImapError(Object.assign(new Error('Command failed'), { responseText: 'Mailbox does not exist', code: 'NONEXISTENT' }))).toBe(
      'Command failed: Mailbox does not exist (NONEXISTENT)',
    );
  });
});

describe.each(testDialects())('IMAP source against a real Dovecot (%s)', (dialect) => {
  let dovecot: TestDovecot;
  const cleanup: (() => Promise<unknown>)[] = [];
  const env = (url: string, extra: Record<string, string> = {}) => ({
    WALLETDESK_IMAP_URL: url,
    // Long enough that only IDLE can explain new mail arriving within a test.
    WALLETDESK_IMAP_POLL_MS: '600000',
    WALLETDESK_IMAP_RETRY_BASE_MS: '50',
    ...extra,
  });
  async function mailClient(user: string): Promise<ImapFlow> {
    const mua = await dovecot.client(user);
    cleanup.push(() => mua.logout().catch(() => mua.close()));
    return mua;
  }
  async function database(): Promise<TestDatabase> {
    const created = await createTestDatabase(dialect);
    cleanup.push(() => created.drop());
    return created;
  }

  beforeAll(async () => {
    dovecot = await TestDovecot.start();
  });
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
    await dovecot?.stop();
  });

  it('turns mail in INBOX into tickets, takes new mail by IDLE, marks it \\Seen, and imports nothing twice after a restart', async () => {
    const user = `basic-${dialect}`;
    const mua = await mailClient(user);
    const id = (n: number) => `basic-${dialect}-${n}`;
    await mua.append('INBOX', rawMail(id(1)));
    await mua.append('INBOX', rawMail(id(2), { subject: '账户被盗', body: '我的账户被盗了，请帮忙冻结。' }));
    const db_ = await database();

    const t = await startTestDesk(dialect, env(dovecot.url(user)), { database: db_ });
    const db = t.desk.handle.db;
    await waitFor(async () => (await t.api('/api/v1/tickets')).body.total === 2, 15_000, 'two tickets');
    const subjects = (await t.api('/api/v1/tickets')).body.items.map((i: { subject: string }) => i.subject).sort();
    expect(subjects).toEqual([`Withdrawal stuck ${id(1)}`, '账户被盗']);
    expect(await count(db, 'inbound_raw', (q) => q.where('source', '=', 'imap'))).toBe(2);

    const health = await waitFor(async () => {
      const h = await healthOf(deskBase(t));
      return h.body.imap.state === 'idle' ? h : undefined;
    }, 15_000, 'the source to idle');
    expect(health.status).toBe(200);
    expect(health.body.imap).toMatchObject({ mailbox: 'INBOX', last_error: null, consecutive_failures: 0 });
    expect(Date.parse(health.body.imap.last_sync)).toBeGreaterThan(Date.now() - 60_000);

    await mua.append('INBOX', rawMail(id(3)));
    await waitFor(async () => (await t.api('/api/v1/tickets')).body.total === 3, 10_000, 'the mail appended while idling');
    await waitFor(() => allSeen(mua), 10_000, 'every message \\Seen');
    expect((await flagsIn(mua)).size).toBe(3);
    await t.stop();

    // Someone marks a taken message unread again: the UID bookkeeping, not the flag, decides what was taken.
    const [firstUid] = [...(await flagsIn(mua)).keys()];
    await mua.messageFlagsRemove(String(firstUid), ['\\Seen'], { uid: true });

    const again = await startTestDesk(dialect, env(dovecot.url(user)), { database: db_ });
    cleanup.push(() => again.stop());
    await waitFor(async () => (await healthOf(deskBase(again))).body.imap.last_sync !== null, 15_000, 'a sync after the restart');
    await jobsSettled(again.desk.handle.db);
    expect(await count(again.desk.handle.db, 'inbound_raw')).toBe(3);
    expect((await again.api('/api/v1/tickets')).body.total).toBe(3);
    expect(await count(again.desk.handle.db, 'messages', (q) => q.where('direction', '=', 'inbound'))).toBe(3);
  });

  it('loses nothing and stores nothing twice when the desk is killed (kill -9) in the middle of an import', async () => {
    const user = `crash-${dialect}`;
    const mua = await mailClient(user);
    const total = 60;
    for (let n = 1; n <= total; n++) await mua.append('INBOX', rawMail(`crash-${dialect}-${n}`));
    const data = await database();
    const deskEnv = {
      WALLETDESK_DATA_DIR: data.dir,
      DATABASE_URL: data.url,
      WALLETDESK_JOB_POLL_MS: '20',
      WALLETDESK_RETRY_BASE_MS: '50',
      // A short lease, so the killed process's jobs are taken over a second after the restart.
      WALLETDESK_JOB_LEASE_MS: '1000',
      ...env(dovecot.url(user)),
    };

    const first = await DeskProcess.start(deskEnv);
    cleanup.push(() => first.kill());
    let stored = 0;
    await first.waitForLog((l) => l.msg === 'imap message stored' && ++stored >= 5, 30_000, 'five stored messages');
    await first.kill();

    const handle = openDatabase(data.url, { poolSize: 2 });
    cleanup.push(() => handle.close());
    const db = handle.db;
    const beforeRestart = await count(db, 'inbound_raw');
    expect(beforeRestart).toBeGreaterThanOrEqual(5);
    expect(beforeRestart).toBeLessThan(total);
    // Killed mid-import: whatever was not yet stored (and possibly some stored but not yet marked) is still unread.
    expect([...(await flagsIn(mua)).values()].filter((f) => !f.has('\\Seen')).length).toBeGreaterThanOrEqual(total - beforeRestart);

    const second = await DeskProcess.start(deskEnv);
    cleanup.push(() => second.kill());
    await waitFor(async () => (await count(db, 'messages', (q) => q.where('direction', '=', 'inbound'))) === total, 30_000, 'every message as a ticket message');
    await waitFor(async () => (await healthOf(second.baseUrl)).body.imap.last_sync !== null, 15_000, 'a completed sync');
    await waitFor(() => allSeen(mua), 10_000, 'every message \\Seen');

    expect(await count(db, 'inbound_raw')).toBe(total);
    expect(await count(db, 'imap_messages')).toBe(total);
    expect(await count(db, 'tickets')).toBe(total);
    const externalIds = await db.selectFrom('messages').select('external_id').where('direction', '=', 'inbound').execute();
    expect(new Set(externalIds.map((r) => r.external_id)).size).toBe(total);
    expect(second.logs.filter((l) => l.level !== undefined && l.level >= 50)).toEqual([]);
    // The log says which UID was stored as which raw id, never who wrote or what.
    const storedLine = second.logged('imap message stored')[0] ?? first.logged('imap message stored')[0];
    expect(JSON.stringify(storedLine)).not.toMatch(/customer-|Withdrawal/);

    const status = await runCli(['status'], { env: deskEnv });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^database: ok/m);
    expect(status.stdout).toMatch(/^imap: INBOX, last sync \d{4}-\d\d-\d\dT/m);
    expect(status.stdout).toMatch(/^jobs: \d+ queued, \d+ running, 0 failed$/m);
    expect(status.stdout).toMatch(/^quarantined mail: 0$/m);
    await second.stop();
  });

  it('moves processed mail to the folder WALLETDESK_IMAP_MARK=move:Folder names, creating it', async () => {
    const user = `move-${dialect}`;
    const mua = await mailClient(user);
    await mua.append('INBOX', rawMail(`move-${dialect}-1`));
    await mua.append('INBOX', rawMail(`move-${dialect}-2`));
    const t = await startTestDesk(dialect, env(dovecot.url(user), { WALLETDESK_IMAP_MARK: 'move:Processed' }));
    cleanup.push(() => t.stop());
    await waitFor(async () => (await t.api('/api/v1/tickets')).body.total === 2, 15_000, 'two tickets');
    await waitFor(async () => (await flagsIn(mua, 'INBOX')).size === 0, 10_000, 'an empty INBOX');
    expect((await flagsIn(mua, 'Processed')).size).toBe(2);

    await mua.append('INBOX', rawMail(`move-${dialect}-3`));
    await waitFor(async () => (await flagsIn(mua, 'Processed')).size === 3, 10_000, 'the third message moved');
    // Moving follows storing, not processing: the ticket may come a moment later.
    await waitFor(async () => (await t.api('/api/v1/tickets')).body.total === 3, 10_000, 'the third ticket');
  });

  it('quarantines malformed mail that came by IMAP, as it does SMTP mail, and leaves oversized mail unread', async () => {
    const user = `bad-${dialect}`;
    const mua = await mailClient(user);
    await mua.append('INBOX', 'Subject: no sender at all\r\nX-Garbage: \xff\xfe\r\n\r\n\x01\x02 not a mail body');
    await mua.append('INBOX', rawMail(`bad-${dialect}-big`, { body: 'x'.repeat(30_000) }));
    await mua.append('INBOX', rawMail(`bad-${dialect}-ok`));
    const t = await startTestDesk(dialect, env(dovecot.url(user), { WALLETDESK_SMTP_MAX_BYTES: '20000' }));
    cleanup.push(() => t.stop());

    const quarantined = await waitFor(async () => {
      const r = await t.api('/api/v1/inbound?status=quarantined');
      return r.body.items.length === 1 ? r.body.items[0] : undefined;
    }, 15_000, 'the quarantined message');
    expect(quarantined).toMatchObject({ source: 'imap', status: 'quarantined', message_id: null });
    expect(quarantined.quarantine_reason).toMatch(/sender/);
    const raw = await fetch(`${deskBase(t)}/api/v1/inbound/${quarantined.id}/raw`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(await raw.text()).toContain('no sender at all');

    await waitFor(async () => (await t.api('/api/v1/tickets')).body.total === 1, 15_000, 'the good message as a ticket');
    const flags = await waitFor(async () => {
      const f = [...(await flagsIn(mua)).values()];
      return f.filter((s) => s.has('\\Seen')).length === 2 ? f : undefined;
    }, 10_000, 'two messages \\Seen');
    // The one over WALLETDESK_SMTP_MAX_BYTES stays unread in the mailbox, for a person to deal with.
    expect(flags.map((s) => s.has('\\Seen'))).toEqual([true, false, true]);
    const skipped = await t.desk.handle.db.selectFrom('imap_messages').select(['raw_id', 'skip_reason']).where('raw_id', 'is', null).execute();
    expect(skipped).toEqual([{ raw_id: null, skip_reason: 'larger than 20000 bytes' }]);
    expect(await count(t.desk.handle.db, 'inbound_raw')).toBe(2);
  });

  it('after a UIDVALIDITY change takes unread mail again without a duplicate ticket or message', async () => {
    const user = `renumber-${dialect}`;
    let mua = await mailClient(user);
    await mua.append('INBOX', rawMail(`renumber-${dialect}-1`));
    await mua.append('INBOX', rawMail(`renumber-${dialect}-2`));
    const data = await database();
    const first = await startTestDesk(dialect, env(dovecot.url(user)), { database: data });
    await waitFor(async () => (await first.api('/api/v1/tickets')).body.total === 2, 15_000, 'two tickets');
    await waitFor(() => allSeen(mua), 10_000, 'both \\Seen');
    await first.stop();

    // As after a restore from backup that lost the flags: new UIDVALIDITY, everything unread again.
    await mua.messageFlagsRemove('1:*', ['\\Seen']);
    await mua.logout();
    dovecot.doveadm(['mailbox', 'update', '-u', user, '--uid-validity', '4242', 'INBOX']);
    mua = await mailClient(user);
    await mua.append('INBOX', rawMail(`renumber-${dialect}-3`));

    const second = await startTestDesk(dialect, env(dovecot.url(user)), { database: data });
    cleanup.push(() => second.stop());
    const db = second.desk.handle.db;
    await waitFor(async () => (await second.api('/api/v1/tickets')).body.total === 3, 15_000, 'the new message as a third ticket');
    await waitFor(() => allSeen(mua), 10_000, 'all \\Seen');
    await jobsSettled(db);
    expect(await count(db, 'inbound_raw')).toBe(5);
    expect(await count(db, 'messages', (q) => q.where('direction', '=', 'inbound'))).toBe(3);
    expect((await second.api('/api/v1/tickets')).body.total).toBe(3);
    const mailbox = await db.selectFrom('imap_mailboxes').select('uid_validity').executeTakeFirstOrThrow();
    expect(mailbox.uid_validity).toBe(4242);
  });

  it('a wrong password shows as imap.last_error in /healthz and is retried with exponential backoff, without a crash', async () => {
    // Its own server: Dovecot slows down every login from an address after a failed one.
    const server = await TestDovecot.start();
    cleanup.push(() => server.stop());
    const t = await startTestDesk(dialect, env(server.url('desk', { password: 'a-wrong-password' })));
    cleanup.push(() => t.stop());

    const seen = new Map<number, number>();
    const health = await waitFor(async () => {
      const h = await healthOf(deskBase(t));
      if (h.body.imap.retry_in_ms !== null) seen.set(h.body.imap.consecutive_failures, h.body.imap.retry_in_ms);
      return h.body.imap.consecutive_failures >= 2 ? h : undefined;
    }, 40_000, 'two failed logins');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.imap.last_error).toMatch(/authentication failed/i);
    expect(health.body.imap.last_error).not.toContain('a-wrong-password');
    expect(health.body.imap.last_sync).toBeNull();
    for (const [failures, delay] of seen) expect(delay).toBe(50 * 2 ** (failures - 1));
    const row = await t.desk.handle.db.selectFrom('imap_mailboxes').select(['last_error', 'last_error_at', 'last_sync_at']).executeTakeFirstOrThrow();
    expect(row.last_error).toMatch(/authentication failed/i);
    expect(row.last_sync_at).toBeNull();
    // The rest of the desk carries on.
    expect((await t.send({ from: 'x@customer.test', to: 'support@walletdesk.local', subject: 'still here', text: 'smtp works' })).response).toMatch(/^250/);
  });

  it('a server that is down is retried with backoff up to the maximum, and its mail is taken once it is up', async () => {
    const port = await freePort();
    const url = `imap://desk:later-password@127.0.0.1:${port}/INBOX`;
    const t = await startTestDesk(dialect, env(url, { WALLETDESK_IMAP_RETRY_MAX_MS: '400' }));
    cleanup.push(() => t.stop());
    const down = await waitFor(async () => {
      const h = await healthOf(deskBase(t));
      return h.body.imap.consecutive_failures >= 5 ? h.body.imap : undefined;
    }, 20_000, 'five failed connections');
    expect(down.last_error).toMatch(/ECONNREFUSED/);
    expect(down.retry_in_ms).toBe(400);

    const server = await TestDovecot.start({ port, password: 'later-password' });
    cleanup.push(() => server.stop());
    const mua = await server.client('desk');
    cleanup.push(() => mua.logout().catch(() => mua.close()));
    await mua.append('INBOX', rawMail(`down-${dialect}-1`));
    await waitFor(async () => (await t.api('/api/v1/tickets')).body.total === 1, 15_000, 'the ticket once the server is up');
    const up = await waitFor(async () => {
      const h = (await healthOf(deskBase(t))).body.imap;
      return h.last_sync !== null ? h : undefined;
    }, 10_000, 'a sync');
    expect(up.consecutive_failures).toBe(0);
    expect(Date.parse(up.last_sync)).toBeGreaterThanOrEqual(Date.parse(up.last_error_at));

    // The server goes away under an IDLE connection and comes back as a fresh mailbox (a new UIDVALIDITY).
    await mua.logout();
    await server.stop();
    await waitFor(async () => {
      const h = (await healthOf(deskBase(t))).body.imap;
      return h.consecutive_failures >= 1 && Date.parse(h.last_error_at) > Date.parse(up.last_sync);
    }, 15_000, 'the lost connection to show');
    const restarted = await TestDovecot.start({ port, password: 'later-password' });
    cleanup.push(() => restarted.stop());
    const mua2 = await restarted.client('desk');
    cleanup.push(() => mua2.logout().catch(() => mua2.close()));
    await mua2.append('INBOX', rawMail(`down-${dialect}-2`));
    await waitFor(async () => (await t.api('/api/v1/tickets')).body.total === 2, 15_000, 'the ticket from the restarted server');
    await waitFor(() => allSeen(mua2), 10_000, 'the message \\Seen');
  });

  it('two desks on one database polling one mailbox store each message once', async () => {
    const user = `shared-${dialect}`;
    const mua = await mailClient(user);
    const total = 30;
    for (let n = 1; n <= total; n++) await mua.append('INBOX', rawMail(`shared-${dialect}-${n}`));
    const data = await database();
    // Two real processes, as in production: one after the other only so that their migrations do not race; from
    // then on both poll at once. (Two SQLite handles in one process would block each other's event loop.)
    const deskEnv = { WALLETDESK_DATA_DIR: data.dir, DATABASE_URL: data.url, WALLETDESK_JOB_POLL_MS: '20', ...env(dovecot.url(user)) };
    const a = await DeskProcess.start(deskEnv);
    cleanup.push(() => a.kill());
    const b = await DeskProcess.start(deskEnv);
    cleanup.push(() => b.kill());
    const handle = openDatabase(data.url, { poolSize: 2 });
    cleanup.push(() => handle.close());
    const db = handle.db;
    await waitFor(async () => (await count(db, 'messages', (q) => q.where('direction', '=', 'inbound'))) >= total, 30_000, 'every message');
    await waitFor(() => allSeen(mua), 10_000, 'every message \\Seen');
    await jobsSettled(db, 30_000);
    expect(await count(db, 'inbound_raw')).toBe(total);
    expect(await count(db, 'imap_messages')).toBe(total);
    expect(await count(db, 'messages', (q) => q.where('direction', '=', 'inbound'))).toBe(total);
    expect(a.logged('imap message stored').length + b.logged('imap message stored').length).toBe(total);
  });
});
