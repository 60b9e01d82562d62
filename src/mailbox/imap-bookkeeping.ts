import type { Db } from '../platform/db/connect.ts';

/** What the database remembers of one polled mailbox, for `walletdesk status`. */
export type ImapRecord = { lastSyncAt: number | null; lastError: string | null; lastErrorAt: number | null };

/** Splits UID lists so that `IN (…)` lists and IMAP UID sets stay well inside every server's limits. */
export function inChunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The id of the mailbox's row, created on first use so even a first failed login has somewhere to be recorded. */
export async function mailboxRecordId(db: Db, account: string, path: string): Promise<number> {
  await db
    .insertInto('imap_mailboxes')
    .values({ account, path, uid_validity: null, scan_from_uid: null, created_at: Date.now() })
    .onConflict((oc) => oc.columns(['account', 'path']).doNothing())
    .execute();
  const row = await db.selectFrom('imap_mailboxes').select('id').where('account', '=', account).where('path', '=', path).executeTakeFirstOrThrow();
  return row.id;
}

export type SyncStart = { scanFromUid: number; reset: 'first-contact' | 'uidvalidity-changed' | null };

/**
 * Where this sync starts scanning for new UIDs. On first contact, or when the server renumbered the mailbox (a new
 * UIDVALIDITY: every UID we noted means nothing now), scanning restarts at the server's next UID; unread mail is
 * still looked at, and what was already taken is recognised again by the ticket core's Message-ID dedupe.
 */
export async function startSync(db: Db, mailboxId: number, uidValidity: number, uidNext: number): Promise<SyncStart> {
  const row = await db.selectFrom('imap_mailboxes').select(['uid_validity', 'scan_from_uid']).where('id', '=', mailboxId).executeTakeFirstOrThrow();
  if (row.uid_validity === uidValidity && row.scan_from_uid !== null) return { scanFromUid: row.scan_from_uid, reset: null };
  await db.updateTable('imap_mailboxes').set({ uid_validity: uidValidity, scan_from_uid: uidNext }).where('id', '=', mailboxId).execute();
  return { scanFromUid: uidNext, reset: row.uid_validity === null ? 'first-contact' : 'uidvalidity-changed' };
}

/** The UIDs among `uids` that were taken (or deliberately left) before, by this process or any other. */
export async function knownUids(db: Db, mailboxId: number, uidValidity: number, uids: number[]): Promise<Set<number>> {
  const known = new Set<number>();
  for (const part of inChunks(uids)) {
    const rows = await db
      .selectFrom('imap_messages')
      .select('uid')
      .where('mailbox_id', '=', mailboxId)
      .where('uid_validity', '=', uidValidity)
      .where('uid', 'in', part)
      .execute();
    for (const r of rows) known.add(Number(r.uid));
  }
  return known;
}

/**
 * Notes a UID as taken (pass the transaction that stores the message) or as deliberately left on the server. False
 * when it was noted already (another walletdesk process on the same database got there first): a caller that
 * stored a copy must then roll it back.
 */
export async function claimUid(
  db: Db,
  mailbox: { id: number; uidValidity: number },
  uid: number,
  outcome: { rawId: number } | { skipReason: string },
): Promise<boolean> {
  const result = await db
    .insertInto('imap_messages')
    .values({
      mailbox_id: mailbox.id,
      uid_validity: mailbox.uidValidity,
      uid,
      raw_id: 'rawId' in outcome ? outcome.rawId : null,
      skip_reason: 'skipReason' in outcome ? outcome.skipReason : null,
      stored_at: Date.now(),
      marked_at: null,
    })
    .onConflict((oc) => oc.columns(['mailbox_id', 'uid_validity', 'uid']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Stored messages still waiting for their \Seen flag or their move; a crash between storing and marking leaves these. */
export async function unmarkedUids(db: Db, mailboxId: number, uidValidity: number): Promise<number[]> {
  const rows = await db
    .selectFrom('imap_messages')
    .select('uid')
    .where('mailbox_id', '=', mailboxId)
    .where('uid_validity', '=', uidValidity)
    .where('marked_at', 'is', null)
    .where('raw_id', 'is not', null)
    .orderBy('uid')
    .execute();
  return rows.map((r) => Number(r.uid));
}

export async function recordMarked(db: Db, mailboxId: number, uidValidity: number, uids: number[]): Promise<void> {
  const now = Date.now();
  for (const part of inChunks(uids)) {
    await db
      .updateTable('imap_messages')
      .set({ marked_at: now })
      .where('mailbox_id', '=', mailboxId)
      .where('uid_validity', '=', uidValidity)
      .where('uid', 'in', part)
      .execute();
  }
}

/**
 * A completed pass: every UID below `scanFromUid` has been looked at. The mark only ever moves forward, and only
 * within the UIDVALIDITY the pass saw (another process may have reset the mailbox meanwhile); the sync time is
 * noted either way.
 */
export async function recordSync(db: Db, mailboxId: number, uidValidity: number, scanFromUid: number, at: number): Promise<void> {
  await db
    .updateTable('imap_mailboxes')
    .set((eb) => ({
      last_sync_at: at,
      scan_from_uid: eb
        .case()
        .when(eb.and([eb('uid_validity', '=', uidValidity), eb('scan_from_uid', '<', scanFromUid)]))
        .then(scanFromUid)
        .else(eb.ref('scan_from_uid'))
        .end(),
    }))
    .where('id', '=', mailboxId)
    .execute();
}

export async function recordError(db: Db, mailboxId: number, message: string, at: number): Promise<void> {
  await db.updateTable('imap_mailboxes').set({ last_error: message, last_error_at: at }).where('id', '=', mailboxId).execute();
}

export async function readImapRecord(db: Db, account: string, path: string): Promise<ImapRecord | undefined> {
  const row = await db
    .selectFrom('imap_mailboxes')
    .select(['last_sync_at', 'last_error', 'last_error_at'])
    .where('account', '=', account)
    .where('path', '=', path)
    .executeTakeFirst();
  return row && { lastSyncAt: row.last_sync_at, lastError: row.last_error, lastErrorAt: row.last_error_at };
}
