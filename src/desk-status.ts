import { sql } from 'kysely';
import { parseImapUrl } from './mailbox/imap-account.ts';
import { readImapRecord } from './mailbox/imap-bookkeeping.ts';
import type { Config } from './platform/config.ts';
import type { Db, Dialect } from './platform/db/connect.ts';

export type DeskStatus = {
  database: 'ok' | 'down';
  dialect: Dialect;
  database_error?: string;
  /** As in /healthz, from what the running desks recorded in the database. */
  imap: 'disabled' | { mailbox: string; last_sync: string | null; last_error: string | null; last_error_at: string | null };
  jobs?: { queued: number; running: number; failed: number };
  quarantined_mail?: number;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What `walletdesk status` reports: read from the database, so it works beside (or without) a running desk. */
export async function collectStatus(db: Db, dialect: Dialect, config: Config): Promise<DeskStatus> {
  const account = config.imapUrl ? parseImapUrl(config.imapUrl) : undefined;
  const disabled = 'disabled' as const;
  try {
    await sql`select 1`.execute(db);
    const jobs = await db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('status', 'in', ['queued', 'running', 'failed']).groupBy('status').execute();
    const jobCount = (status: string) => Number(jobs.find((j) => j.status === status)?.n ?? 0);
    const quarantined = await db.selectFrom('inbound_raw').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'quarantined').executeTakeFirstOrThrow();
    const record = account && (await readImapRecord(db, account.key, account.mailbox));
    return {
      database: 'ok',
      dialect,
      imap: account
        ? { mailbox: account.mailbox, last_sync: iso(record?.lastSyncAt ?? null), last_error: record?.lastError ?? null, last_error_at: iso(record?.lastErrorAt ?? null) }
        : disabled,
      jobs: { queued: jobCount('queued'), running: jobCount('running'), failed: jobCount('failed') },
      quarantined_mail: Number(quarantined.n),
    };
  } catch (err) {
    return { database: 'down', dialect, database_error: err instanceof Error ? err.message : String(err), imap: account ? { mailbox: account.mailbox, last_sync: null, last_error: null, last_error_at: null } : disabled };
  }
}

export function formatStatus(s: DeskStatus): string {
  const lines = [s.database === 'ok' ? `database: ok (${s.dialect})` : `database: down (${s.dialect}): ${s.database_error ?? 'unreachable'}`];
  if (s.imap === 'disabled') lines.push('imap: disabled');
  else {
    const error = s.imap.last_error ? `${s.imap.last_error_at}: ${s.imap.last_error}` : 'none';
    lines.push(`imap: ${s.imap.mailbox}, last sync ${s.imap.last_sync ?? 'never'}, last error ${error}`);
  }
  if (s.jobs) lines.push(`jobs: ${s.jobs.queued} queued, ${s.jobs.running} running, ${s.jobs.failed} failed`);
  if (s.quarantined_mail !== undefined) lines.push(`quarantined mail: ${s.quarantined_mail}`);
  return lines.join('\n');
}
