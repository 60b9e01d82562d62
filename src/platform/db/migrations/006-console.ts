import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../column-types.ts';
import type { Dialect } from '../connect.ts';
import { PRIORITY_RANK_SQL } from '../priority-rank.ts';

/**
 * The agent console: assignee and tags on tickets, internal notes, macros, and the indexes that keep every list
 * view and sort a short index walk at 100,000 tickets.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema.alterTable('tickets').addColumn('assignee_id', 'bigint', (c) => c.references('agents.id')).execute();

  await db.schema
    .createTable('ticket_tags')
    .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag'])
    .execute();
  await db.schema.createIndex('ticket_tags_tag').on('ticket_tags').columns(['tag', 'ticket_id']).execute();

  // Internal notes live apart from messages, so no mail composer, outbound log or status page can ever read them.
  await t
    .id(db.schema.createTable('ticket_notes'))
    .addColumn('ticket_id', 'bigint', (c) => c.notNull().references('tickets.id'))
    .addColumn('author_agent_id', 'bigint', (c) => c.notNull().references('agents.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_notes_ticket').on('ticket_notes').columns(['ticket_id', 'id']).execute();

  await t
    .id(db.schema.createTable('macros'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('body_zh', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Every list view is an equality filter (status, assignee, category or priority) plus a sort, and stays fast at
  // 100,000 tickets only when an index holds the filter's columns followed by the sort key and id: then both
  // dialects read the first page straight off the index (SQLite even across `status in (…)`), and the keyset
  // cursor is one range scan. Tickets are written rarely and read all day, so the extra indexes are cheap.
  // `rank` is the priority order (priority-rank.ts), indexed as an expression so nobody has to sort by it.
  const rank = sql.raw(`(${PRIORITY_RANK_SQL})`);
  const indexes: [string, string][] = [
    ['tickets_updated', 'updated_at, id'],
    ['tickets_rank', 'RANK, id'],
    ['tickets_status_id', 'status, id'],
    ['tickets_status_updated', 'status, updated_at, id'],
    ['tickets_status_rank', 'status, RANK, id'],
    ['tickets_assignee_id', 'assignee_id, status, id'],
    ['tickets_assignee_updated', 'assignee_id, status, updated_at, id'],
    ['tickets_assignee_rank', 'assignee_id, status, RANK, id'],
    ['tickets_category_id', 'category, id'],
    ['tickets_category_updated', 'category, updated_at, id'],
    ['tickets_category_rank', 'category, RANK, id'],
    ['tickets_priority_id', 'priority, id'],
    ['tickets_priority_updated', 'priority, updated_at, id'],
  ];
  for (const [name, columns] of indexes) {
    const parts = columns.split('RANK');
    const list = parts.length === 2 ? sql`${sql.raw(parts[0]!)}${rank}${sql.raw(parts[1]!)}` : sql.raw(columns);
    await sql`create index ${sql.ref(name)} on tickets (${list})`.execute(db);
  }
}
