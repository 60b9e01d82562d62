import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../platform/db/connect.ts';
import type { AuthenticatedAgent } from '../platform/http/authenticated-agent.ts';

const PREFIX = 'wd_';

// Tokens are 256 random bits, so a fast hash is enough to make the stored value useless to a thief; a slow
// password hash would only slow down every API call.
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class UnknownAgentError extends Error {}

/** Creates a token for an active agent; the token itself is returned once and only its hash is stored. */
export async function createApiToken(db: Db, agentEmail: string, label?: string): Promise<string> {
  const agent = await db
    .selectFrom('agents')
    .select('id')
    .where('email', '=', agentEmail.trim().toLowerCase())
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!agent) throw new UnknownAgentError(`no active agent with email ${agentEmail}`);
  const token = PREFIX + randomBytes(32).toString('base64url');
  await db
    .insertInto('api_tokens')
    .values({ agent_id: agent.id, token_hash: tokenHash(token), label: label ?? null, created_at: Date.now() })
    .execute();
  return token;
}

/** The agent a bearer token belongs to, if the token is real and its agent still active. */
export async function agentForToken(db: Db, token: string): Promise<AuthenticatedAgent | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const digest = tokenHash(token);
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('agents', 'agents.id', 'api_tokens.agent_id')
    .select(['api_tokens.id as token_id', 'api_tokens.token_hash', 'api_tokens.last_used_at', 'agents.id', 'agents.email', 'agents.role'])
    .where('api_tokens.token_hash', '=', digest)
    .where('agents.active', '=', 1)
    .executeTakeFirst();
  // The index lookup already matched; the constant-time compare keeps the check itself free of timing leaks.
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(digest))) return undefined;
  // Shown to operators deciding which tokens to revoke; written at most once a minute, as scripts call often.
  const now = Date.now();
  if (row.last_used_at === null || now - Number(row.last_used_at) > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
  }
  return { id: row.id, email: row.email, role: row.role };
}
