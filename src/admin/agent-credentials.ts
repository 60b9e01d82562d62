import { hash } from '@node-rs/argon2';
import { z } from 'zod';
import { ARGON2_OPTIONS, newAgent } from '../agents/add-agent.ts';
import type { Db } from '../platform/db/connect.ts';
import { recordAudit } from '../platform/audit/audit-log.ts';

export const newAgentPassword = newAgent.shape.password;

export const credentialResetBody = z
  .object({ reason: z.string().trim().min(1).max(500).optional().describe('why, for the audit log') })
  .strict();
export const passwordResetBody = credentialResetBody.extend({ password: newAgentPassword }).strict();

type Actor = { actorAgentId: number | null; via: 'api' | 'cli'; reason?: string | undefined };

/** The id of the agent with this email, if there is one (any case, any surrounding space). */
export async function agentIdByEmail(db: Db, email: string): Promise<number | undefined> {
  const row = await db.selectFrom('agents').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  return row === undefined ? undefined : Number(row.id);
}

/**
 * Gives an agent a new password and ends every console session of theirs, so whoever knew the old one (the
 * reason for most resets) is signed out too; recorded in the audit log in the same transaction. API tokens are
 * separate credentials and stay (revoke them with `token revoke`). False for an unknown agent.
 */
export async function resetAgentPassword(db: Db, agentId: number, password: string, actor: Actor): Promise<boolean> {
  const passwordHash = await hash(password, ARGON2_OPTIONS);
  return db.transaction().execute(async (trx) => {
    const res = await trx.updateTable('agents').set({ password_hash: passwordHash }).where('id', '=', agentId).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    const ended = await trx.deleteFrom('agent_sessions').where('agent_id', '=', agentId).executeTakeFirst();
    await recordAudit(trx, {
      actorAgentId: actor.actorAgentId,
      action: 'agent.password_reset',
      target: `agent:${agentId}`,
      reason: actor.reason ?? null,
      details: { via: actor.via, sessions_ended: Number(ended.numDeletedRows) },
    });
    return true;
  });
}

/**
 * Removes an agent's TOTP (for a lost phone): the secret and any pending enrolment go, every console session
 * ends, and the next sign-in enrols again when TOTP is required of them. Audited. False for an unknown agent.
 */
export async function resetAgentTotp(db: Db, agentId: number, actor: Actor): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('agents')
      .set({ totp_enabled: 0, totp_secret: null, totp_pending_secret: null, totp_last_step: null })
      .where('id', '=', agentId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    const ended = await trx.deleteFrom('agent_sessions').where('agent_id', '=', agentId).executeTakeFirst();
    await recordAudit(trx, {
      actorAgentId: actor.actorAgentId,
      action: 'agent.totp_reset',
      target: `agent:${agentId}`,
      reason: actor.reason ?? null,
      details: { via: actor.via, sessions_ended: Number(ended.numDeletedRows) },
    });
    return true;
  });
}
