import { z } from 'zod';
import type { Db } from '../../platform/db/connect.ts';
import { antiPhishingPhraseFor } from '../../tickets/anti-phishing-phrase.ts';
import { recoveryCodesLeft } from '../two-factor/recovery-codes.ts';
import { withdrawalStatusJson, withdrawalStatusOf } from '../withdrawal/withdrawal-status.ts';

/** The seed's security advice as steps the page can name in either language, most protective first. */
export const NEXT_STEPS = ['turn_on_2fa', 'use_authenticator_app', 'verify_email', 'new_recovery_codes', 'set_phrase', 'review_sessions'] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

export const securityOverviewJson = z.object({
  score: z.number().int().min(0).max(100),
  email_verified: z.boolean(),
  two_factor: z.object({ totp: z.boolean(), sms: z.boolean(), recovery_codes_left: z.number().int() }),
  hold: withdrawalStatusJson,
  phrase_set: z.boolean(),
  frozen: z.boolean(),
  next_steps: z.array(z.enum(NEXT_STEPS)),
});
export type SecurityOverview = z.infer<typeof securityOverviewJson>;

export type SecurityFacts = { emailVerified: boolean; totp: boolean; sms: boolean; recoveryCodesLeft: number; phraseSet: boolean; recentFlaggedLogins: number };

/** Fewer unused recovery codes than this and a lost phone could lock the customer out for good. */
export const LOW_RECOVERY_CODES = 3;
/** Flagged sign-ins this recent are worth a look at the sessions and login activity. */
export const REVIEW_WINDOW_MS = 30 * 24 * 3_600_000;

/**
 * The score weighs each piece of advice by what it protects: a second factor most (an authenticator app over SMS,
 * which SIM swaps defeat), then the recovery path, a verified address for our notices, the phrase against
 * phishing, and no unexplained sign-ins. The weights add up to 100.
 */
export function scoreSecurity(f: SecurityFacts): { score: number; nextSteps: NextStep[] } {
  const steps = new Set<NextStep>();
  let score = 0;
  if (f.totp) score += 35;
  else if (f.sms) {
    score += 20;
    steps.add('use_authenticator_app');
  } else steps.add('turn_on_2fa');
  if (f.emailVerified) score += 20;
  else steps.add('verify_email');
  if ((f.totp || f.sms) && f.recoveryCodesLeft >= LOW_RECOVERY_CODES) score += 10;
  else if (f.totp || f.sms) steps.add('new_recovery_codes');
  if (f.phraseSet) score += 15;
  else steps.add('set_phrase');
  if (f.recentFlaggedLogins === 0) score += 20;
  else steps.add('review_sessions');
  return { score, nextSteps: NEXT_STEPS.filter((s) => steps.has(s)) };
}

export async function securityOverview(db: Db, accountId: number, now = Date.now()): Promise<SecurityOverview> {
  const account = await db
    .selectFrom('accounts')
    .select(['email', 'email_verified_at', 'totp_enabled_at', 'sms_enabled_at', 'hold_until', 'hold_reason', 'frozen_at', 'frozen_reason'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  const flagged = await db
    .selectFrom('account_logins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('flagged', '=', 1)
    .where('at', '>', now - REVIEW_WINDOW_MS)
    .executeTakeFirstOrThrow();
  const facts: SecurityFacts = {
    emailVerified: account.email_verified_at !== null,
    totp: account.totp_enabled_at !== null,
    sms: account.sms_enabled_at !== null,
    recoveryCodesLeft: await recoveryCodesLeft(db, accountId),
    phraseSet: (await antiPhishingPhraseFor(db, account.email)) !== null,
    recentFlaggedLogins: Number(flagged.n),
  };
  const { score, nextSteps } = scoreSecurity(facts);
  return {
    score,
    email_verified: facts.emailVerified,
    two_factor: { totp: facts.totp, sms: facts.sms, recovery_codes_left: facts.recoveryCodesLeft },
    hold: withdrawalStatusOf(account, now),
    phrase_set: facts.phraseSet,
    frozen: account.frozen_at !== null,
    next_steps: nextSteps,
  };
}
