import { describe, expect, it } from 'vitest';
import { scoreSecurity, type SecurityFacts } from './security-overview.ts';

const bare: SecurityFacts = { emailVerified: false, totp: false, sms: false, recoveryCodesLeft: 0, phraseSet: false, recentFlaggedLogins: 0 };

describe('security score', () => {
  it('a new, unverified account without 2FA scores low and is told to turn on 2FA first', () => {
    expect(scoreSecurity(bare)).toEqual({ score: 20, nextSteps: ['turn_on_2fa', 'verify_email', 'set_phrase'] });
  });

  it('everything done scores 100 with nothing left to do', () => {
    expect(scoreSecurity({ emailVerified: true, totp: true, sms: false, recoveryCodesLeft: 10, phraseSet: true, recentFlaggedLogins: 0 })).toEqual({ score: 100, nextSteps: [] });
  });

  it('SMS counts for less than an authenticator app, and the app is suggested', () => {
    const sms = scoreSecurity({ ...bare, emailVerified: true, sms: true, recoveryCodesLeft: 10, phraseSet: true });
    expect(sms).toEqual({ score: 85, nextSteps: ['use_authenticator_app'] });
  });

  it('running out of recovery codes and recent flagged sign-ins each cost points and add a step', () => {
    const r = scoreSecurity({ emailVerified: true, totp: true, sms: false, recoveryCodesLeft: 2, phraseSet: true, recentFlaggedLogins: 1 });
    expect(r).toEqual({ score: 70, nextSteps: ['new_recovery_codes', 'review_sessions'] });
  });
});
