/** The mails of sign-up and password reset, in the account's language. Links open pages of the web app. */
export type AccountLocale = 'zh-CN' | 'en';
export type MailText = { subject: string; text: string };

export const link = (publicUrl: string, page: string, token: string) => `${publicUrl.replace(/\/$/, '')}/account/${page}?token=${encodeURIComponent(token)}`;

export function verificationMail(locale: AccountLocale, publicUrl: string, token: string): MailText {
  const url = link(publicUrl, 'verify', token);
  return locale === 'zh-CN'
    ? {
        subject: '请验证您的邮箱地址',
        text: `您好，\n\n请打开下面的链接验证您的邮箱地址（24 小时内有效，只能使用一次）：\n\n${url}\n\n如果您没有注册账户，请忽略本邮件。\n`,
      }
    : {
        subject: 'Verify your email address',
        text: `Hello,\n\nOpen this link to verify your email address (valid for 24 hours, once):\n\n${url}\n\nIf you did not sign up, ignore this mail.\n`,
      };
}

/** Sent instead of a verification mail when someone signs up with an address that has an account already. */
export function alreadyRegisteredMail(locale: AccountLocale, publicUrl: string): MailText {
  const reset = `${publicUrl.replace(/\/$/, '')}/account/reset`;
  return locale === 'zh-CN'
    ? {
        subject: '有人尝试用您的邮箱注册',
        text: `您好，\n\n有人刚刚尝试用这个邮箱地址注册账户，但您已经有账户了，因此没有创建新账户。\n\n如果是您本人，请直接登录；忘记密码可在这里重置：${reset}\n如果不是您，请忽略本邮件，您的账户没有任何变化。\n`,
      }
    : {
        subject: 'Someone tried to sign up with your address',
        text: `Hello,\n\nSomeone just tried to sign up with this email address, but you already have an account, so no new one was made.\n\nIf it was you, sign in; if you forgot your password, reset it here: ${reset}\nIf it was not you, ignore this mail: nothing changed on your account.\n`,
      };
}

export function passwordResetMail(locale: AccountLocale, publicUrl: string, token: string, holdHours: number): MailText {
  const url = link(publicUrl, 'reset', token);
  return locale === 'zh-CN'
    ? {
        subject: '重置您的密码',
        text: `您好，\n\n请打开下面的链接设置新密码（30 分钟内有效，只能使用一次）：\n\n${url}\n\n重置后所有设备都会退出登录，提现将暂停 ${holdHours} 小时以保护您的资产。\n如果您没有申请重置密码，请忽略本邮件，您的密码不会改变。\n`,
      }
    : {
        subject: 'Reset your password',
        text: `Hello,\n\nOpen this link to choose a new password (valid for 30 minutes, once):\n\n${url}\n\nAfterwards every device is signed out, and withdrawals pause for ${holdHours} hours to protect your funds.\nIf you did not ask for this, ignore this mail: your password stays as it is.\n`,
      };
}

/** Sent once when wrong passwords lock sign-in to the account: the owner learns someone is guessing. */
export function lockoutMail(locale: AccountLocale, failures: number, freezeUrl: string): MailText {
  return locale === 'zh-CN'
    ? {
        subject: '您的账户因多次密码错误暂时锁定登录',
        text: `您好，\n\n有人连续 ${failures} 次输入了错误的密码或验证码，因此从该网络登录您的账户暂停 15 分钟。您从自己常用的网络仍可正常登录。\n\n如果是您本人，请稍后再试，或通过“忘记密码”重置。\n如果不是您，说明有人在猜测您的密码：请使用一个从未在别处用过的长密码，并开启两步验证。若您担心账户已被盗用，请打开下面的链接冻结账户：\n\n${freezeUrl}\n`,
      }
    : {
        subject: 'Sign-in to your account is paused after wrong passwords',
        text: `Hello,\n\nSomeone entered a wrong password or code ${failures} times in a row, so sign-in to your account from their network is paused for 15 minutes. From your own network you can still sign in.\n\nIf it was you, try again later or reset your password.\nIf it was not you, someone is guessing your password: use a long one you use nowhere else, and turn on two-step verification. If you fear the account is taken over, freeze it with this link:\n\n${freezeUrl}\n`,
      };
}

/** After a password change or reset: the owner learns of it, and a victim can freeze the account at once. */
export function passwordChangedMail(locale: AccountLocale, holdHours: number, freezeUrl: string): MailText {
  return locale === 'zh-CN'
    ? {
        subject: '您的账户密码已更改',
        text: `您好，\n\n您账户的密码刚刚被更改，其他设备已全部退出登录。为保护您的资产，提现将暂停 ${holdHours} 小时。\n\n如果是您本人操作，无需处理。\n如果不是您，请立即打开下面的链接冻结账户：\n\n${freezeUrl}\n`,
      }
    : {
        subject: 'Your password was changed',
        text: `Hello,\n\nThe password of your account was just changed, and every other device was signed out. To protect your funds, withdrawals pause for ${holdHours} hours.\n\nIf this was you, there is nothing to do.\nIf it was not you, open this link now to freeze your account:\n\n${freezeUrl}\n`,
      };
}
