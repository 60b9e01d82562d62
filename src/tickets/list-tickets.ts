import { sql } from 'kysely';
import type { Db } from '../platform/db/connect.ts';
import type { TicketSummaryJson } from './schemas.ts';
import { ticketSummaryQuery, toTicketSummary } from './ticket-summary.ts';

export type TicketListInput = { limit: number; cursor?: string | undefined; q?: string | undefined };
export type TicketList = { items: TicketSummaryJson[]; total: number; next_cursor: string | null };

/** Escapes LIKE wildcards so a customer's "50%" or "a_b" is searched for literally. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Newest first, paged by id; `q` matches the subject or any message's text (Chinese or English), or a chain reference exactly. */
export async function listTickets(db: Db, input: TicketListInput): Promise<TicketList> {
  const q = input.q?.trim();
  let base = ticketSummaryQuery(db);
  if (q) {
    const pattern = likePattern(q);
    // A transaction hash or address is found by its exact value (hex is stored lower-case, base58 as written).
    const refValues = [...new Set([q, q.toLowerCase()])];
    base = base.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('messages')
            .select('messages.id')
            .whereRef('messages.ticket_id', '=', 'tickets.id')
            .where(sql<boolean>`messages.search_text like ${pattern} escape '\\'`),
        ),
        eb.exists(
          eb.selectFrom('chain_refs').select('chain_refs.id').whereRef('chain_refs.ticket_id', '=', 'tickets.id').where('chain_refs.value', 'in', refValues),
        ),
      ]),
    );
  }
  const totalRow = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  let page = base.orderBy('tickets.id', 'desc').limit(input.limit + 1);
  if (input.cursor) page = page.where('tickets.id', '<', Number(input.cursor));
  const rows = await page.execute();
  const items = rows.slice(0, input.limit).map(toTicketSummary);
  const last = items.at(-1);
  return {
    items,
    total: Number(totalRow.n),
    next_cursor: rows.length > input.limit && last ? String(last.id) : null,
  };
}
