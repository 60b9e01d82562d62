import type { Db } from '../../platform/db/connect.ts';
import type { AccountLocale } from '../account-mail-texts.ts';
import { localeOf } from '../account-profile.ts';
import type { AccountSettings } from '../account-settings.ts';
import { issueSmsCode, withdrawSmsCode, type SmsCodePurpose } from './sms-codes.ts';

const WINDOW_MS = 60 * 60 * 1000;
/** SMS costs the operator money and can be aimed at a stranger's phone: a few per hour per account and per number. */
export const SMS_PER_HOUR = 5;

export class SmsNotSentError extends Error {}

export type SmsSendResult = { sent: true } | { sent: false; retryAfterSeconds: number };

/** The SMS itself: who it is from, what the code is for, and that nobody — support included — may ask for it. */
export function smsCodeText(locale: AccountLocale, code: string): string {
  return locale === 'zh-CN'
    ? `【walletdesk】验证码 ${code}，10 分钟内有效。请勿告诉任何人，客服绝不会向您索要验证码。`
    : `walletdesk code ${code}, valid for 10 minutes. Never share it: support will never ask you for it.`;
}

/**
 * Issues a code and sends it through the configured gateway, within the hourly limits. A gateway failure takes
 * the code back and throws SmsNotSentError, so the customer learns at once that no SMS is on its way.
 */
export async function sendSmsCode(
  db: Db,
  settings: Pick<AccountSettings, 'sms' | 'limiter'>,
  to: { accountId: number; locale: string; phone: string; purpose: SmsCodePurpose },
): Promise<SmsSendResult> {
  const keys = [['sms-account', String(to.accountId)], ['sms-phone', to.phone]] as const;
  for (const [bucket, key] of keys) {
    const wait = await settings.limiter.retryAfterMs(bucket, key, WINDOW_MS, SMS_PER_HOUR);
    if (wait > 0) return { sent: false, retryAfterSeconds: Math.ceil(wait / 1000) };
  }
  for (const [bucket, key] of keys) await settings.limiter.hit(bucket, key, WINDOW_MS);
  const code = await issueSmsCode(db, to.accountId, to.purpose, to.phone);
  try {
    await settings.sms.send(to.phone, smsCodeText(localeOf(to.locale), code));
  } catch (err) {
    await withdrawSmsCode(db, to.accountId, to.purpose);
    throw new SmsNotSentError('the SMS could not be sent; try again in a few minutes', { cause: err });
  }
  return { sent: true };
}
