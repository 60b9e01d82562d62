import type { AccountLocale, MailText } from '../account-mail-texts.ts';

/** What changed, as the notice names it. */
export type TwoFactorChange = 'totp_enabled' | 'totp_disabled' | 'sms_enabled' | 'sms_disabled' | 'recovery_codes_replaced';

const changeText: Record<TwoFactorChange, Record<AccountLocale, string>> = {
  totp_enabled: { 'zh-CN': '已开启身份验证器应用（TOTP）两步验证', en: 'two-step verification with an authenticator app (TOTP) was turned on' },
  totp_disabled: { 'zh-CN': '已关闭身份验证器应用（TOTP）两步验证', en: 'two-step verification with an authenticator app (TOTP) was turned off' },
  sms_enabled: { 'zh-CN': '已开启短信两步验证', en: 'two-step verification by SMS was turned on' },
  sms_disabled: { 'zh-CN': '已关闭短信两步验证', en: 'two-step verification by SMS was turned off' },
  recovery_codes_replaced: { 'zh-CN': '已生成新的恢复码，旧的恢复码全部失效', en: 'new recovery codes were made, and every old one stopped working' },
};

/** The "2FA changed" notice: it tells the owner what changed and gives a thief's victim a way to stop it. */
export function twoFactorChangedMail(locale: AccountLocale, change: TwoFactorChange, holdHours: number, freezeUrl: string): MailText {
  return locale === 'zh-CN'
    ? {
        subject: '您账户的两步验证设置已更改',
        text: `您好，\n\n您账户的两步验证设置刚刚发生变化：${changeText[change][locale]}。\n为保护您的资产，提现将暂停 ${holdHours} 小时。\n\n如果是您本人操作，无需处理。\n如果不是您，请立即打开下面的链接冻结账户（所有设备将退出登录，我们会尽快联系您）：\n\n${freezeUrl}\n`,
      }
    : {
        subject: 'Your two-step verification settings changed',
        text: `Hello,\n\nThe two-step verification of your account just changed: ${changeText[change][locale]}.\nTo protect your funds, withdrawals pause for ${holdHours} hours.\n\nIf this was you, there is nothing to do.\nIf it was not you, open this link now to freeze your account (every device is signed out and we get in touch):\n\n${freezeUrl}\n`,
      };
}

/** "+8613812345678" → "…5678": the notice must show which phone without spelling out the number. */
const phoneTail = (phone: string) => `…${phone.slice(-4)}`;

/** The "phone changed" notice, sent when the verified phone number of the account is replaced. */
export function phoneChangedMail(locale: AccountLocale, newPhone: string, holdHours: number, freezeUrl: string): MailText {
  return locale === 'zh-CN'
    ? {
        subject: '您账户绑定的手机号已更改',
        text: `您好，\n\n您账户绑定的手机号刚刚更改为尾号 ${phoneTail(newPhone)} 的号码。\n为保护您的资产，提现将暂停 ${holdHours} 小时。\n\n如果是您本人操作，无需处理。\n如果不是您，请立即打开下面的链接冻结账户（所有设备将退出登录，我们会尽快联系您）：\n\n${freezeUrl}\n`,
      }
    : {
        subject: 'The phone number of your account changed',
        text: `Hello,\n\nThe phone number of your account was just changed to the one ending in ${phoneTail(newPhone)}.\nTo protect your funds, withdrawals pause for ${holdHours} hours.\n\nIf this was you, there is nothing to do.\nIf it was not you, open this link now to freeze your account (every device is signed out and we get in touch):\n\n${freezeUrl}\n`,
      };
}
