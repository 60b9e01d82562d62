import type { Selectable } from 'kysely';
import type { Db, Dialect } from '../platform/db/connect.ts';
import { lockRowsForUpdate } from '../platform/db/lock-rows.ts';
import type { AgentTable } from '../platform/db/schema.ts';
import type { AgentJson, AgentPatch } from './schemas.ts';

const columns = ['id', 'email', 'name', 'role', 'active', 'require_totp', 'totp_enabled', 'created_at'] as const;

export function toAgentJson(row: Pick<Selectable<AgentTable>, (typeof columns)[number]>): AgentJson {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active === 1,
    require_totp: row.require_totp === 1,
    totp_enabled: row.totp_enabled === 1,
    created_at: new Date(row.created_at).toISOString(),
  };
}

export async function listAgents(db: Db): Promise<AgentJson[]> {
  return (await db.selectFrom('agents').select(columns).orderBy('id').execute()).map(toAgentJson);
}

export async function getAgent(db: Db, id: number): Promise<AgentJson | undefined> {
  const row = await db.selectFrom('agents').select(columns).where('id', '=', id).executeTakeFirst();
  return row && toAgentJson(row);
}

export type PatchResult = { kind: 'updated'; agent: AgentJson } | { kind: 'not_found' } | { kind: 'last_admin' };

/**
 * Changes an agent's role, name, active flag or TOTP requirement. The desk must keep one active admin, or nobody could manage
 * agents any more: a change that would demote or deactivate the last one is refused. The check and the change
 * share a transaction, and on PostgreSQL the admin rows are locked so two admins demoting each other at once
 * cannot both succeed (SQLite runs one writer at a time anyway).
 */
export async function patchAgent(db: Db, dialect: Dialect, id: number, patch: AgentPatch): Promise<PatchResult> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('agents').select(columns).where('id', '=', id).executeTakeFirst();
    if (!current) return { kind: 'not_found' };
    const losesAdmin = current.role === 'admin' && current.active === 1 && (patch.role === 'agent' || patch.active === false);
    if (losesAdmin) {
      const admins = await lockRowsForUpdate(trx.selectFrom('agents').select('id').where('role', '=', 'admin').where('active', '=', 1), dialect).execute();
      if (admins.filter((a) => a.id !== id).length === 0) return { kind: 'last_admin' };
    }
    const changes = {
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
      ...(patch.name !== undefined && { name: patch.name === null || patch.name === '' ? null : patch.name }),
      ...(patch.require_totp !== undefined && { require_totp: patch.require_totp ? 1 : 0 }),
    };
    if (Object.keys(changes).length) await trx.updateTable('agents').set(changes).where('id', '=', id).execute();
    // Sign-in asks for TOTP, but a session opened without it would otherwise last until it idles out.
    if (patch.require_totp && current.totp_enabled !== 1) await trx.deleteFrom('agent_sessions').where('agent_id', '=', id).execute();
    const updated = await trx.selectFrom('agents').select(columns).where('id', '=', id).executeTakeFirstOrThrow();
    return { kind: 'updated', agent: toAgentJson(updated) };
  });
}
