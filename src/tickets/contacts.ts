import type { Db } from '../platform/db/connect.ts';
import type { Party } from './inbound-message.ts';

export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** The contact for an address, created on first contact; a name learned later fills an empty one. */
export async function upsertContact(db: Db, party: Party, now = Date.now()): Promise<number> {
  const email = normalizeAddress(party.address);
  const row = await db
    .insertInto('contacts')
    .values({ email, name: party.name || null, locale: null, created_at: now })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  const existing = await db
    .selectFrom('contacts')
    .select(['id', 'name'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  if (!existing.name && party.name) {
    await db.updateTable('contacts').set({ name: party.name }).where('id', '=', existing.id).execute();
  }
  return existing.id;
}
