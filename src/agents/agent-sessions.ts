import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../platform/db/connect.ts';
import type { AuthenticatedAgent } from '../platform/http/authenticated-agent.ts';
import { ENROL_LIFETIME_MS, SESSION_LIFETIME_MS } from './session-settings.ts';

export type SessionPurpose = 'full' | 'enrol';
export type AgentSession = { id: number; purpose: SessionPurpose; csrfToken: string; expiresAt: number };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when a wd_session cookie (not a bearer token) authenticated the request. */
    agentSession?: AgentSession;
  }
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

// 256 random bits, so SHA-256 suffices to make a stolen table useless; a slow hash would only slow every request.
function sessionHash(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/** Starts a session; the returned id goes into the cookie and is never stored. */
export async function createSession(
  db: Db,
  agentId: number,
  purpose: SessionPurpose,
  client: { ip: string; userAgent: string | undefined },
): Promise<{ sessionId: string; session: AgentSession }> {
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = Date.now();
  const expiresAt = now + (purpose === 'full' ? SESSION_LIFETIME_MS : ENROL_LIFETIME_MS);
  // Sessions nobody signed out of would otherwise pile up; each sign-in sweeps the ones past their lifetime.
  await db.deleteFrom('agent_sessions').where('expires_at', '<=', now).execute();
  const row = await db
    .insertInto('agent_sessions')
    .values({
      agent_id: agentId,
      token_hash: sessionHash(sessionId),
      csrf_token: csrfToken,
      purpose,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      created_ip: client.ip,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { sessionId, session: { id: row.id, purpose, csrfToken, expiresAt } };
}

/**
 * The live session a cookie value names, with its agent: not past its absolute expiry, used within the idle
 * timeout, and its agent still active. Use refreshes the idle clock, written at most every minute.
 */
export async function sessionForCookie(
  db: Db,
  sessionId: string,
  idleMs: number,
): Promise<{ agent: AuthenticatedAgent; session: AgentSession } | undefined> {
  if (!SESSION_ID.test(sessionId)) return undefined;
  const now = Date.now();
  const row = await db
    .selectFrom('agent_sessions')
    .innerJoin('agents', 'agents.id', 'agent_sessions.agent_id')
    .select([
      'agent_sessions.id as session_id',
      'agent_sessions.csrf_token',
      'agent_sessions.purpose',
      'agent_sessions.last_seen_at',
      'agent_sessions.expires_at',
      'agents.id',
      'agents.email',
      'agents.role',
    ])
    .where('agent_sessions.token_hash', '=', sessionHash(sessionId))
    .where('agents.active', '=', 1)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.expires_at <= now || row.last_seen_at + idleMs <= now) {
    await db.deleteFrom('agent_sessions').where('id', '=', row.session_id).execute();
    return undefined;
  }
  if (now - row.last_seen_at >= Math.min(60_000, idleMs / 4)) {
    await db.updateTable('agent_sessions').set({ last_seen_at: now }).where('id', '=', row.session_id).execute();
  }
  return {
    agent: { id: row.id, email: row.email, role: row.role },
    session: { id: row.session_id, purpose: row.purpose, csrfToken: row.csrf_token, expiresAt: row.expires_at },
  };
}

export async function endSession(db: Db, sessionId: number): Promise<void> {
  await db.deleteFrom('agent_sessions').where('id', '=', sessionId).execute();
}

/** After TOTP enrolment an enrol session has proven both factors and becomes a full one; returns its new expiry. */
export async function promoteSession(db: Db, sessionId: number): Promise<number> {
  const row = await db.selectFrom('agent_sessions').select('created_at').where('id', '=', sessionId).executeTakeFirstOrThrow();
  const expiresAt = row.created_at + SESSION_LIFETIME_MS;
  await db.updateTable('agent_sessions').set({ purpose: 'full', expires_at: expiresAt }).where('id', '=', sessionId).execute();
  return expiresAt;
}
