/**
 * The steps GET /security names (src/accounts/security/security-overview.ts, NEXT_STEPS) and the page where each
 * is done; verifying the email has its button on the overview itself.
 */
const stepPages: Record<string, string | undefined> = {
  turn_on_2fa: '/account/2fa',
  use_authenticator_app: '/account/2fa',
  verify_email: undefined,
  new_recovery_codes: '/account/2fa',
  set_phrase: '/account/phrase',
  review_sessions: '/account/activity',
};

export function pageOfStep(step: string): string | undefined {
  return stepPages[step];
}
