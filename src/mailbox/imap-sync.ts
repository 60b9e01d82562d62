import type { ImapFlow } from 'imapflow';
import type { ImapMark } from '../platform/config.ts';
import type { Db } from '../platform/db/connect.ts';
import type { Logger } from '../platform/logger.ts';
import { claimUid, inChunks, knownUids, recordMarked, recordSync, startSync, unmarkedUids } from './imap-bookkeeping.ts';
import { storeInbound } from './store-inbound.ts';

export type SyncContext = {
  db: Db;
  log: Logger;
  mailboxId: number;
  mailboxPath: string;
  mark: ImapMark;
  maxBytes: number;
  /** Checked between messages: a stopping desk finishes the message in hand and marks what it stored. */
  stopping: () => boolean;
};

type MailboxRef = { id: number; uidValidity: number };

/**
 * Messages per round of fetching sizes, storing and marking: keeps UID sets well under servers' command-line
 * limits, and a long backlog shows its progress on the server as it goes.
 */
const BATCH = 50;
const FETCH_GROUP_BYTES = 8 * 1024 * 1024;

/** Splits UIDs into runs whose messages add up to at most `limit` bytes (a larger message goes alone). */
function bySize(uids: number[], sizes: Map<number, number>, limit: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let total = 0;
  for (const uid of uids) {
    const size = sizes.get(uid) ?? 0;
    if (current.length > 0 && total + size > limit) {
      groups.push(current);
      current = [];
      total = 0;
    }
    current.push(uid);
    total += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Another process on the same database stored this UID first; rolls back our copy. */
class AlreadyTaken extends Error {}

/**
 * One pass over the selected mailbox. Candidates are unread messages and every UID at or above the scan mark (new
 * since the last complete pass, even if someone read it meanwhile); those noted in the database are skipped, the
 * rest are stored, then marked. Returns the time of the completed pass, or null when it stopped early.
 */
export async function syncMailbox(client: ImapFlow, ctx: SyncContext): Promise<number | null> {
  const selected = client.mailbox;
  if (!selected) throw new Error('the mailbox is no longer selected');
  const uidValidity = Number(selected.uidValidity);
  const uidNext = selected.uidNext > 0 ? selected.uidNext : (await highestUid(client)) + 1;
  const { scanFromUid, reset } = await startSync(ctx.db, ctx.mailboxId, uidValidity, uidNext);
  if (reset === 'uidvalidity-changed') ctx.log.warn({ mailbox: ctx.mailboxPath, uid_validity: uidValidity }, 'imap UIDVALIDITY changed: unread mail is taken again and deduplicated');

  const unread = await searchUids(client, { seen: false });
  // `N:*` always matches the highest UID, even one below N.
  const fresh = (await searchUids(client, { uid: `${scanFromUid}:*` })).filter((uid) => uid >= scanFromUid);
  const candidates = [...new Set([...unread, ...fresh])].sort((a, b) => a - b);
  const known = await knownUids(ctx.db, ctx.mailboxId, uidValidity, candidates);
  const mailbox = { id: ctx.mailboxId, uidValidity };

  for (const batch of inChunks(candidates.filter((uid) => !known.has(uid)), BATCH)) {
    const sizes = new Map<number, number>();
    for (const m of await client.fetchAll(batch, { uid: true, size: true }, { uid: true })) sizes.set(m.uid, m.size ?? 0);
    const wanted: number[] = [];
    for (const uid of batch) {
      const size = sizes.get(uid);
      if (size === undefined) continue; // expunged since the search
      if (size > ctx.maxBytes) {
        await claimUid(ctx.db, mailbox, uid, { skipReason: `larger than ${ctx.maxBytes} bytes` });
        ctx.log.warn({ uid, size, limit: ctx.maxBytes }, 'imap message over the size limit left unread in the mailbox');
        continue;
      }
      wanted.push(uid);
    }
    // Sources come in groups of bounded total size: one round trip per group instead of per message, without
    // holding a mailbox's worth of attachments in memory.
    for (const group of bySize(wanted, sizes, FETCH_GROUP_BYTES)) {
      if (ctx.stopping()) break;
      const fetched = await client.fetchAll(group, { uid: true, source: true }, { uid: true });
      const sources = new Map(fetched.map((m) => [m.uid, m.source]));
      for (const uid of group) {
        const source = sources.get(uid);
        if (source) await store(ctx, mailbox, uid, source);
      }
    }
    await markStored(client, ctx, mailbox);
    if (ctx.stopping()) return null;
  }
  await markStored(client, ctx, mailbox);

  const scannedTo = fresh.reduce((max, uid) => Math.max(max, uid + 1), scanFromUid);
  const now = Date.now();
  await recordSync(ctx.db, ctx.mailboxId, uidValidity, scannedTo, now);
  return now;
}

/** The raw message and the note of its UID commit together, or neither does. */
async function store(ctx: SyncContext, mailbox: MailboxRef, uid: number, source: Buffer): Promise<void> {
  try {
    const rawId = await storeInbound(
      ctx.db,
      source,
      { source: 'imap', mailFrom: '', rcptTo: [], remoteAddress: null, helo: null },
      async (trx, rawId) => {
        if (!(await claimUid(trx, mailbox, uid, { rawId }))) throw new AlreadyTaken();
      },
    );
    ctx.log.info({ raw_id: rawId, uid }, 'imap message stored');
  } catch (err) {
    if (!(err instanceof AlreadyTaken)) throw err;
  }
}

/** Marks every stored message not marked yet, including those a crash left behind in an earlier run. */
async function markStored(client: ImapFlow, ctx: SyncContext, mailbox: MailboxRef): Promise<void> {
  const pending = await unmarkedUids(ctx.db, mailbox.id, mailbox.uidValidity);
  for (const batch of inChunks(pending)) {
    // A UID someone expunged in the meantime has nothing left to mark.
    const present = (await client.fetchAll(batch, { uid: true }, { uid: true })).map((m) => m.uid);
    if (present.length) {
      const mark = ctx.mark;
      const done = mark.kind === 'seen'
        ? await client.messageFlagsAdd(present, ['\\Seen'], { uid: true })
        : Boolean(await client.messageMove(present, mark.folder, { uid: true }));
      if (!done) throw new Error(mark.kind === 'seen' ? 'the server refused to set \\Seen' : `the server refused to move mail to ${mark.folder}`);
    }
    await recordMarked(ctx.db, mailbox.id, mailbox.uidValidity, batch);
  }
}

async function searchUids(client: ImapFlow, query: Parameters<ImapFlow['search']>[0]): Promise<number[]> {
  const uids = await client.search(query, { uid: true });
  if (!Array.isArray(uids)) throw new Error('the server refused a SEARCH');
  return uids;
}

async function highestUid(client: ImapFlow): Promise<number> {
  if (!client.mailbox || client.mailbox.exists === 0) return 0;
  const last = await client.fetchOne('*', { uid: true });
  return last ? last.uid : 0;
}
