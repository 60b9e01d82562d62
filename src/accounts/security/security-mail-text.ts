import type { AccountLocale, MailText } from '../account-mail-texts.ts';
import { regionName } from '../region-name.ts';
import type { AccountFactors } from './account-factors.ts';
import type { FlagReason } from './unusual-login-rules.ts';

export type SignInDetails = { at: number; ip: string; country: string | null; city: string | null; device: string };

/** Minutes are enough to recognise a sign-in; UTC, since the mail cannot know the reader's time zone. */
export function formatUtc(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "Osaka, Japan (IP …)" / "日本 Osaka（IP …）": the country by its name in the reader's language, never as a bare code. */
function place(s: SignInDetails, locale: AccountLocale): string {
  const country = regionName(s.country, locale);
  if (locale === 'zh-CN') {
    const where = [country, s.city].filter(Boolean).join(' ');
    return where ? `${where}（IP ${s.ip}）` : `IP ${s.ip}`;
  }
  const where = [s.city, country].filter(Boolean).join(', ');
  return where ? `${where} (IP ${s.ip})` : `IP ${s.ip}`;
}

/**
 * What to do after a sign-in that was not the customer, for the factors the account has: telling someone who
 * already uses an authenticator app to "turn on two-factor" is advice they cannot follow, and it hides the real
 * news (whoever signed in also got past that factor).
 */
function secondFactorAdvice(locale: AccountLocale, factors: AccountFactors, after: 'sign_in' | 'freeze'): string {
  if (locale === 'zh-CN') {
    if (factors.totp && after === 'sign_in') return '您已开启身份验证器应用，但这次登录同样通过了验证：请在安全中心重新绑定身份验证器，并生成新的恢复码。';
    if (factors.totp) return '您的身份验证器应用仍然开启；如果他人可能拿到过您的验证码或恢复码，请在安全中心重新绑定身份验证器，并生成新的恢复码。';
    if (factors.sms) return '您目前使用短信验证，而短信可能被拦截或被转走：请在安全中心改用身份验证器应用，并生成新的恢复码。';
    return '请开启双重验证（推荐使用身份验证器应用）。';
  }
  if (factors.totp && after === 'sign_in') return 'Your authenticator app is on, yet this sign-in got past it too: set up the authenticator again in the security center and make new recovery codes.';
  if (factors.totp) return 'Your authenticator app stays on; if someone may have had its codes or your recovery codes, set it up again in the security center and make new recovery codes.';
  if (factors.sms) return 'You use SMS codes, which can be intercepted or redirected: switch to an authenticator app in the security center and make new recovery codes.';
  return 'Turn on two-factor authentication (an authenticator app is the stronger choice).';
}

const REASONS: Record<AccountLocale, Record<FlagReason, string>> = {
  en: {
    new_device: 'a device or browser that has not signed in before',
    new_country: 'a country you have not signed in from before',
    impossible_travel: 'too far from your previous sign-in to have travelled there in the time between',
    failure_burst: 'several wrong passwords just before it',
  },
  'zh-CN': {
    new_device: '使用了以前未登录过的设备或浏览器',
    new_country: '来自您以前未登录过的国家或地区',
    impossible_travel: '与上一次登录的地点相距太远，时间上不可能到达',
    failure_burst: '登录前刚刚有多次密码错误',
  },
};

/** The alert for a sign-in that breaks a rule beyond a merely new device. */
export function unusualSignInMail(locale: AccountLocale, s: SignInDetails, reasons: FlagReason[], freezeUrl: string, factors: AccountFactors): MailText {
  if (locale === 'zh-CN') {
    return {
      subject: '安全提醒：您的账户有一次异常登录',
      text: [
        '您好，',
        '',
        '您的账户刚刚有一次登录，看起来不同寻常：',
        `时间：${formatUtc(s.at)}`,
        `地点：${place(s, locale)}`,
        `设备：${s.device}`,
        `原因：${reasons.map((r) => REASONS['zh-CN'][r]).join('；')}`,
        '',
        '如果这是您本人，无需任何操作。',
        '如果不是您，请立即打开下面的链接冻结账户：所有登录会被退出，提币会被暂停，客服会收到一张紧急工单。',
        freezeUrl,
        `然后请修改密码。${secondFactorAdvice(locale, factors, 'sign_in')}`,
        '',
        '我们绝不会向您索要密码、助记词、私钥或验证码。',
      ].join('\n'),
    };
  }
  return {
    subject: 'Security alert: an unusual sign-in to your account',
    text: [
      'Hello,',
      '',
      'Your account was just signed in to in a way that looks unusual:',
      `When: ${formatUtc(s.at)}`,
      `Where: ${place(s, locale)}`,
      `Device: ${s.device}`,
      `Why: ${reasons.map((r) => REASONS.en[r]).join('; ')}`,
      '',
      'If this was you, there is nothing to do.',
      'If this wasn\'t you, open this link now to freeze your account: every session is signed out, withdrawals stop and our team gets an urgent ticket.',
      freezeUrl,
      `Then change your password. ${secondFactorAdvice(locale, factors, 'sign_in')}`,
      '',
      'We will never ask for your password, recovery phrase, private keys or verification codes.',
    ].join('\n'),
  };
}

/** The notice for a sign-in whose only new thing is the device. */
export function newDeviceMail(locale: AccountLocale, s: SignInDetails, freezeUrl: string): MailText {
  if (locale === 'zh-CN') {
    return {
      subject: '新设备登录提醒',
      text: [
        '您好，',
        '',
        '您的账户刚刚在一台新设备上登录：',
        `时间：${formatUtc(s.at)}`,
        `地点：${place(s, locale)}`,
        `设备：${s.device}`,
        '',
        '如果这是您本人，无需任何操作。如果不是您，请立即打开下面的链接冻结账户：',
        freezeUrl,
      ].join('\n'),
    };
  }
  return {
    subject: 'New sign-in from a new device',
    text: [
      'Hello,',
      '',
      'Your account was just signed in to from a new device:',
      `When: ${formatUtc(s.at)}`,
      `Where: ${place(s, locale)}`,
      `Device: ${s.device}`,
      '',
      'If this was you, there is nothing to do. If it wasn\'t, open this link now to freeze your account:',
      freezeUrl,
    ].join('\n'),
  };
}

/** Tells the customer the account is frozen and what happens next; the ticket reference is what to quote. */
export function accountFrozenMail(locale: AccountLocale, frozenAt: number, ticketReference: string, factors: AccountFactors): MailText {
  if (locale === 'zh-CN') {
    return {
      subject: `[${ticketReference}] 您的账户已冻结`,
      text: [
        '您好，',
        '',
        `您的账户已于 ${formatUtc(frozenAt)} 冻结：所有登录已退出，提币已暂停。`,
        `我们的安全团队会处理紧急工单 ${ticketReference}，并通过邮件与您联系。`,
        '请尽快修改密码；如果其他网站也使用了同一密码，请一并修改。',
        secondFactorAdvice(locale, factors, 'freeze'),
        '',
        '如果冻结不是您本人操作的，请回复本邮件告诉我们。',
      ].join('\n'),
    };
  }
  return {
    subject: `[${ticketReference}] Your account is frozen`,
    text: [
      'Hello,',
      '',
      `Your account was frozen at ${formatUtc(frozenAt)}: every session is signed out and withdrawals are stopped.`,
      `Our security team is working on the urgent ticket ${ticketReference} and will write to you.`,
      'Please change your password soon, and change it too on any other site where you used the same password.',
      secondFactorAdvice(locale, factors, 'freeze'),
      '',
      'If you did not freeze your account yourself, reply to this mail and tell us.',
    ].join('\n'),
  };
}
