import type { Selectable } from 'kysely';
import type { Db } from '../platform/db/connect.ts';
import type { MacroTable } from '../platform/db/schema.ts';
import { PLACEHOLDER_PATTERN, type MacroInput, type MacroJson, type MacroPlaceholder } from './macro-schemas.ts';
import { nameFitForMail } from './name-fit-for-mail.ts';

export class MacroNameTakenError extends Error {}

function toMacroJson(row: Selectable<MacroTable>): MacroJson {
  return {
    id: row.id,
    name: row.name,
    body_en: row.body_en,
    body_zh: row.body_zh,
    active: row.active === 1,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export async function listMacros(db: Db, onlyActive: boolean): Promise<MacroJson[]> {
  let query = db.selectFrom('macros').selectAll().orderBy('name').orderBy('id');
  if (onlyActive) query = query.where('active', '=', 1);
  return (await query.execute()).map(toMacroJson);
}

async function nameTaken(db: Db, name: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom('macros').select('id').where('name', '=', name);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function createMacro(db: Db, input: MacroInput): Promise<MacroJson> {
  if (await nameTaken(db, input.name)) throw new MacroNameTakenError(`a macro named "${input.name}" exists already`);
  const now = Date.now();
  const row = await db
    .insertInto('macros')
    .values({ name: input.name, body_en: input.body_en, body_zh: input.body_zh, active: input.active ? 1 : 0, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMacroJson(row);
}

export async function replaceMacro(db: Db, id: number, input: MacroInput): Promise<MacroJson | undefined> {
  if (!(await db.selectFrom('macros').select('id').where('id', '=', id).executeTakeFirst())) return undefined;
  if (await nameTaken(db, input.name, id)) throw new MacroNameTakenError(`a macro named "${input.name}" exists already`);
  const row = await db
    .updateTable('macros')
    .set({ name: input.name, body_en: input.body_en, body_zh: input.body_zh, active: input.active ? 1 : 0, updated_at: Date.now() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toMacroJson(row);
}

export async function deleteMacro(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('macros').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export type RenderResult =
  | { kind: 'rendered'; text: string; locale: 'en' | 'zh-CN' }
  | { kind: 'no_macro' }
  | { kind: 'inactive' }
  | { kind: 'no_ticket' };

/**
 * A macro's body in the ticket's language with its placeholders filled. The text is plain text for the reply box:
 * nothing is HTML-escaped, because the reply's own composer decides how text becomes HTML.
 */
export async function renderMacro(db: Db, input: { macroId: number; ticketId: number; agentId: number; supportAddress: string }): Promise<RenderResult> {
  const macro = await db.selectFrom('macros').selectAll().where('id', '=', input.macroId).executeTakeFirst();
  if (!macro) return { kind: 'no_macro' };
  if (macro.active !== 1) return { kind: 'inactive' };
  const ticket = await db
    .selectFrom('tickets')
    .innerJoin('contacts', 'contacts.id', 'tickets.requester_id')
    .select(['tickets.reference', 'tickets.locale', 'contacts.email', 'contacts.name'])
    .where('tickets.id', '=', input.ticketId)
    .executeTakeFirst();
  if (!ticket) return { kind: 'no_ticket' };
  const agent = await db.selectFrom('agents').select(['email', 'name']).where('id', '=', input.agentId).executeTakeFirstOrThrow();
  const chinese = ticket.locale === 'zh-CN' && macro.body_zh.trim() !== '';
  const values: Record<MacroPlaceholder, string> = {
    customer_name: nameFitForMail(ticket.name) ?? ticket.email,
    ticket_reference: ticket.reference ?? '',
    agent_name: agent.name?.trim() || agent.email,
    support_address: input.supportAddress,
  };
  const body = chinese ? macro.body_zh : macro.body_en;
  // A function replacer, so a "$&" in a customer's name is inserted literally.
  const text = body.replace(PLACEHOLDER_PATTERN, (whole, name: string) => values[name as MacroPlaceholder] ?? whole);
  return { kind: 'rendered', text, locale: chinese ? 'zh-CN' : 'en' };
}
