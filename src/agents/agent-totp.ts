import type { Db } from '../platform/db/connect.ts';
import { openText, sealText } from '../platform/encryption.ts';
import { totpSealContext } from '../platform/totp-at-rest.ts';
import { matchTotpCode as matchCode, newTotpEnrolment } from '../platform/totp.ts';

// TOTP secrets are sealed at rest (platform/encryption.ts), bound to their agent and column.
const secretContext = (agentId: number) => totpSealContext('agents', 'totp_secret', agentId);
const pendingContext = (agentId: number) => totpSealContext('agents', 'totp_pending_secret', agentId);

/**
 * Checks a sign-in code against the agent's secret and claims its time step in one conditional update, so two
 * requests racing with the same code cannot both win.
 */
export async function useAgentCode(db: Db, agentId: number, code: string): Promise<boolean> {
  const agent = await db
    .selectFrom('agents')
    .select(['totp_secret', 'totp_last_step'])
    .where('id', '=', agentId)
    .where('totp_enabled', '=', 1)
    .executeTakeFirst();
  if (!agent?.totp_secret) return false;
  const step = await matchCode(openText(agent.totp_secret, secretContext(agentId)), code, agent.totp_last_step);
  if (step === undefined) return false;
  const claimed = await db
    .updateTable('agents')
    .set({ totp_last_step: step })
    .where('id', '=', agentId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

export class TotpAlreadyEnabledError extends Error {}

/** A new secret for the agent's authenticator, kept pending until a code from it is confirmed. */
export async function setUpTotp(db: Db, agentId: number, email: string): Promise<{ secret: string; otpauth_url: string; qr_svg: string }> {
  const agent = await db.selectFrom('agents').select('totp_enabled').where('id', '=', agentId).executeTakeFirstOrThrow();
  // Replacing a working second factor from a session alone would let a stolen session take over the account.
  if (agent.totp_enabled === 1) throw new TotpAlreadyEnabledError('two-factor authentication is already enabled');
  const enrolment = await newTotpEnrolment(email);
  await db.updateTable('agents').set({ totp_pending_secret: sealText(enrolment.secret, pendingContext(agentId)) }).where('id', '=', agentId).execute();
  return enrolment;
}

/** Turns TOTP on when the code comes from the pending secret; that code's step counts as used. */
export async function confirmTotp(db: Db, agentId: number, code: string): Promise<boolean> {
  const agent = await db.selectFrom('agents').select(['totp_pending_secret', 'totp_enabled']).where('id', '=', agentId).executeTakeFirstOrThrow();
  if (agent.totp_enabled === 1 || !agent.totp_pending_secret) return false;
  const secret = openText(agent.totp_pending_secret, pendingContext(agentId));
  const step = await matchCode(secret, code, null);
  if (step === undefined) return false;
  const updated = await db
    .updateTable('agents')
    .set({ totp_secret: sealText(secret, secretContext(agentId)), totp_pending_secret: null, totp_enabled: 1, totp_last_step: step })
    .where('id', '=', agentId)
    .where('totp_pending_secret', '=', agent.totp_pending_secret)
    .where('totp_enabled', '=', 0)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
