import type { z } from 'zod';
import type { ticketSort } from './schemas.ts';

export type TicketSort = z.infer<typeof ticketSort>;
/** Where a page ended: the sort it belongs to, the last row's sort key (absent for newest/oldest) and its id. */
export type ListCursor = { sort: TicketSort; key: number | undefined; id: number };

/** Opaque to clients on purpose: its content may change, and a cursor only makes sense for the sort that made it. */
export function encodeCursor(cursor: ListCursor): string {
  const parts = cursor.key === undefined ? [cursor.sort, cursor.id] : [cursor.sort, cursor.key, cursor.id];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function badCursor(message: string): Error {
  return Object.assign(new Error(`querystring.cursor: ${message}`), { statusCode: 400, code: 'bad_request' });
}

export function decodeCursor(text: string, sort: TicketSort): ListCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('cursor must be the next_cursor of a previous page');
  }
  const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
  if (!Array.isArray(parts) || !parts.slice(1).every(isInt)) throw badCursor('cursor must be the next_cursor of a previous page');
  if (parts[0] !== sort) throw badCursor(`cursor belongs to sort=${String(parts[0])}, not sort=${sort}`);
  const keyed = sort === 'updated' || sort === 'priority';
  if (parts.length !== (keyed ? 3 : 2)) throw badCursor('cursor must be the next_cursor of a previous page');
  return keyed ? { sort, key: parts[1] as number, id: parts[2] as number } : { sort, key: undefined, id: parts[1] as number };
}
