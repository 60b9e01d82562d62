import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../platform/db/connect.ts';
import { PRIORITY_RANK_SQL } from '../platform/db/priority-rank.ts';
import type { Database } from '../platform/db/schema.ts';
import { cachedTotal } from './ticket-count-cache.ts';
import { decodeCursor, encodeCursor, type TicketSort } from './list-cursor.ts';
import type { TicketListQuery, TicketSummaryJson } from './schemas.ts';
import { tagsOfTickets, ticketSummaryQuery, toTicketSummary } from './ticket-summary.ts';

export type TicketListInput = Partial<TicketListQuery> & { limit: number };
export type TicketList = { items: TicketSummaryJson[]; total: number; next_cursor: string | null };

type TicketQuery = SelectQueryBuilder<Database, 'tickets', object>;

const OPEN = ['new', 'open'] as const;
const UNSOLVED = ['new', 'open', 'pending'] as const;

/** Escapes LIKE wildcards so a customer's "50%" or "a_b" is searched for literally. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function applyFilters(base: TicketQuery, input: TicketListInput, agentId: number | undefined): TicketQuery {
  let query = base;
  switch (input.view) {
    case 'all_open':
      query = query.where('tickets.status', 'in', OPEN);
      break;
    case 'unassigned':
      query = query.where('tickets.status', 'in', OPEN).where('tickets.assignee_id', 'is', null);
      break;
    case 'mine':
      query = query.where('tickets.assignee_id', '=', agentId ?? -1).where('tickets.status', 'in', UNSOLVED);
      break;
    case 'pending':
      query = query.where('tickets.status', '=', 'pending');
      break;
    case undefined:
      break;
  }
  if (input.status) query = query.where('tickets.status', '=', input.status);
  if (input.category) query = query.where('tickets.category', '=', input.category);
  if (input.priority) query = query.where('tickets.priority', '=', input.priority);
  if (input.assignee_id !== undefined) query = query.where('tickets.assignee_id', '=', input.assignee_id);
  const tag = input.tag;
  if (tag) {
    // `id in (…)` rather than `exists`: the planner starts from the (tag, ticket_id) index, not from every ticket.
    query = query.where('tickets.id', 'in', (eb) => eb.selectFrom('ticket_tags').select('ticket_tags.ticket_id').where('ticket_tags.tag', '=', tag));
  }
  const q = input.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    // A transaction hash or address is found by its exact value (hex is stored lower-case, base58 as written).
    const refValues = [...new Set([q, q.toLowerCase()])];
    query = query.where((eb) =>
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
  return query;
}

const rank = sql<number>`(${sql.raw(PRIORITY_RANK_SQL)})`;

/** Orders by the sort's key and id, and starts after the cursor; each pair matches one index of migration 006. */
function pageOf(query: TicketQuery, sort: TicketSort, cursorText: string | undefined, limit: number) {
  const cursor = cursorText ? decodeCursor(cursorText, sort) : undefined;
  switch (sort) {
    case 'newest': {
      const page = query.select(['tickets.id', sql<number>`0`.as('sort_key')]).orderBy('tickets.id', 'desc').limit(limit);
      return cursor ? page.where('tickets.id', '<', cursor.id) : page;
    }
    case 'oldest': {
      const page = query.select(['tickets.id', sql<number>`0`.as('sort_key')]).orderBy('tickets.id', 'asc').limit(limit);
      return cursor ? page.where('tickets.id', '>', cursor.id) : page;
    }
    case 'updated': {
      const page = query
        .select(['tickets.id', 'tickets.updated_at as sort_key'])
        .orderBy('tickets.updated_at', 'desc')
        .orderBy('tickets.id', 'desc')
        .limit(limit);
      // A row-value comparison, which both dialects answer with one range scan of (updated_at, id).
      return cursor ? page.where(sql<boolean>`(tickets.updated_at, tickets.id) < (${cursor.key}, ${cursor.id})`) : page;
    }
    case 'priority': {
      // Urgent first; within a priority the ticket that has waited longest.
      const page = query.select(['tickets.id', rank.as('sort_key')]).orderBy(rank).orderBy('tickets.id', 'asc').limit(limit);
      return cursor ? page.where(sql<boolean>`(${rank}, tickets.id) > (${cursor.key}, ${cursor.id})`) : page;
    }
  }
}

/**
 * One page of tickets for a view, filters and sort, with the total that matches. Paging is by keyset: the opaque
 * cursor holds the last row's sort key and id, so every page is an index range scan however deep it is.
 */
export async function listTickets(db: Db, input: TicketListInput, agentId?: number): Promise<TicketList> {
  const sort = input.sort ?? 'newest';
  const filtered = applyFilters(db.selectFrom('tickets'), input, agentId);
  // The total depends on the filters only (not on the sort or the cursor); `mine` also on who asks.
  const totalKey = JSON.stringify([input.view, input.view === 'mine' ? agentId : null, input.status, input.category, input.priority, input.assignee_id, input.tag, input.q?.trim()]);
  const [total, pageRows] = await Promise.all([
    cachedTotal(db, totalKey, async () => {
      const row = await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    }),
    pageOf(filtered, sort, input.cursor, input.limit + 1).execute(),
  ]);
  const pageIds = pageRows.slice(0, input.limit).map((r) => Number(r.id));
  const [rows, tags] = await Promise.all([
    pageIds.length ? ticketSummaryQuery(db).where('tickets.id', 'in', pageIds).execute() : Promise.resolve([]),
    tagsOfTickets(db, pageIds),
  ]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const items = pageIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toTicketSummary(row, tags.get(id) ?? [])] : [];
  });
  const last = pageRows[input.limit - 1];
  const next_cursor =
    pageRows.length > input.limit && last
      ? encodeCursor({ sort, key: sort === 'updated' || sort === 'priority' ? Number(last.sort_key) : undefined, id: Number(last.id) })
      : null;
  return { items, total, next_cursor };
}
