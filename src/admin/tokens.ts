import type { Db } from '../platform/db/connect.ts';
import { recordAudit } from '../platform/audit/audit-log.ts';

export type TokenKind = 'agent' | 'service';

/** A token as operators see it: who it speaks for and when it was made and last used; never the token. */
export type TokenInfo = {
  id: number;
  kind: TokenKind;
  /** The agent's email for an agent token, the service's name for a service token. */
  owner: string;
  agent_id: number | null;
  label: string | null;
  created_at: string;
  last_used_at: string | null;
};

const iso = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** Every API token (agents') and service token (the wallet backend's), oldest first within each kind. */
export async function listTokens(db: Db): Promise<TokenInfo[]> {
  const [agentTokens, serviceTokens] = await Promise.all([
    db
      .selectFrom('api_tokens')
      .innerJoin('agents', 'agents.id', 'api_tokens.agent_id')
      .select(['api_tokens.id', 'api_tokens.agent_id', 'api_tokens.label', 'api_tokens.created_at', 'api_tokens.last_used_at', 'agents.email'])
      .orderBy('api_tokens.id')
      .execute(),
    db.selectFrom('service_tokens').select(['id', 'name', 'created_at', 'last_used_at']).orderBy('id').execute(),
  ]);
  return [
    ...agentTokens.map((t) => ({
      id: Number(t.id),
      kind: 'agent' as const,
      owner: t.email,
      agent_id: Number(t.agent_id),
      label: t.label,
      created_at: iso(t.created_at) as string,
      last_used_at: iso(t.last_used_at),
    })),
    ...serviceTokens.map((t) => ({
      id: Number(t.id),
      kind: 'service' as const,
      owner: t.name,
      agent_id: null,
      label: null,
      created_at: iso(t.created_at) as string,
      last_used_at: iso(t.last_used_at),
    })),
  ];
}

/**
 * Revokes a token at once (its row goes, so the next call with it is a 401) and records who did it, in one
 * transaction. `actorAgentId` is null for the operator at the command line. Returns false for an unknown token.
 */
export async function revokeToken(db: Db, kind: TokenKind, id: number, actorAgentId: number | null, via: 'api' | 'cli'): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted =
      kind === 'agent'
        ? await trx.deleteFrom('api_tokens').where('id', '=', id).returning(['agent_id', 'label']).executeTakeFirst()
        : await trx.deleteFrom('service_tokens').where('id', '=', id).returning(['name']).executeTakeFirst();
    if (!deleted) return false;
    await recordAudit(trx, {
      actorAgentId,
      action: 'token.revoke',
      target: `${kind === 'agent' ? 'token' : 'service_token'}:${id}`,
      details: { via, ...deleted },
    });
    return true;
  });
}
