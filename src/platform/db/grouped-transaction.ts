import { sql, type Transaction } from 'kysely';
import { hasSingleWriter, recomputableTransaction, type Db } from './connect.ts';
import type { Database } from './schema.ts';
import { TurnGroups } from './turn-groups.ts';

type Work = (trx: Transaction<Database>) => Promise<unknown>;
type Member = { work: Work; resolve: (value: unknown) => void; reject: (err: unknown) => void };

const groups = new TurnGroups<Member>((db, members) => void commitGroup(db, members));

/**
 * recomputableTransaction for work that comes many times a second (a job per incoming message): the pieces ready
 * in one turn of the event loop share one transaction, each in a savepoint of its own. A commit and the pages it
 * writes cost more than most of the statements before it, and one commit serves the whole group. A piece that
 * throws rolls back only its own savepoint and its caller gets the error; the others still commit. If the commit
 * itself fails, every caller gets that error.
 *
 * A piece must only use the transaction it is given and must not wait on anything else, since the pieces behind
 * it wait for it.
 *
 * Only SQLite groups. PostgreSQL runs several processes' transactions side by side on row locks, and two groups
 * that lock the rows of several messages (contacts, tickets) in different orders can deadlock; there each piece
 * is a transaction of its own, as it would be ungrouped.
 */
export function groupedRecomputableTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (!hasSingleWriter(db)) return recomputableTransaction(db, work);
  return new Promise<T>((resolve, reject) => groups.join(db, { work, resolve: resolve as (value: unknown) => void, reject }));
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function commitGroup(db: Db, members: Member[]): Promise<void> {
  const outcomes: Outcome[] = [];
  try {
    await recomputableTransaction(db, async (trx) => {
      if (members.length === 1) {
        // Alone, a failure may as well roll back the whole transaction: no savepoint needed.
        outcomes.push({ ok: true, value: await (members[0] as Member).work(trx) });
        return;
      }
      for (const member of members) outcomes.push(await inSavepoint(trx, member.work));
    });
  } catch (error) {
    for (const member of members) member.reject(error);
    return;
  }
  members.forEach((member, i) => {
    const outcome = outcomes[i] as Outcome;
    if (outcome.ok) member.resolve(outcome.value);
    else member.reject(outcome.error);
  });
}

async function inSavepoint(trx: Transaction<Database>, work: Work): Promise<Outcome> {
  await sql`savepoint grouped_work`.execute(trx);
  try {
    const value = await work(trx);
    await sql`release savepoint grouped_work`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    await sql`rollback to savepoint grouped_work`.execute(trx);
    await sql`release savepoint grouped_work`.execute(trx);
    return { ok: false, error };
  }
}
