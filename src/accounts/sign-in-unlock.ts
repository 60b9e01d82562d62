import type { Selectable } from 'kysely';
import type { Db } from '../platform/db/connect.ts';
import type { AccountTable } from '../platform/db/schema.ts';
import { link, type AccountLocale, type MailText } from './account-mail-texts.ts';
import { localeOf } from './account-profile.ts';
import type { AccountSettings } from './account-settings.ts';
import { consumeAccountToken, issueAccountToken, peekAccountToken, tokenLifetimeMs } from './account-tokens.ts';
import { firstInWindow } from './brute-force.ts';
import { queueAccountMail } from './queue-account-mail.ts';

/** The cookie a browser keeps after its owner opened a mailed unlock link; only its hash is stored. */
export const UNLOCK_COOKIE = 'wd_unlock';
export const UNLOCK_COOKIE_SECONDS = tokenLifetimeMs('sign_in_unlocked') / 1000;

type Settings = Pick<AccountSettings, 'limiter' | 'publicUrl'>;

/**
 * Past the account's ceiling of failures over all networks, a sign-in needs proof that it is the owner: a link
 * mailed to the account's address. It goes out at most once per lockout window, however often the ceiling is hit
 * (attackers must not make us a mail cannon). An unknown address is counted alike and gets no mail, so nothing
 * in the answer or the limits tells which addresses have an account.
 */
export async function offerUnlockLink(db: Db, settings: Settings, email: string, account: Pick<Selectable<AccountTable>, 'id' | 'email' | 'locale'> | undefined): Promise<void> {
  if (!(await firstInWindow(settings.limiter, 'sign-in:unlock-mail', email)) || !account) return;
  const locale = localeOf(account.locale);
  const token = await issueAccountToken(db, account.id, 'sign_in_unlock');
  await queueAccountMail(db, { accountId: account.id, kind: 'sign_in_unlock', to: account.email, locale, ...unlockMail(locale, settings.publicUrl, token) });
}

/**
 * Spends a mailed unlock link (single use, 30 minutes) and returns the value of this browser's wd_unlock cookie,
 * or undefined for an unknown, used or expired link.
 */
export async function redeemUnlockLink(db: Db, token: string): Promise<string | undefined> {
  const accountId = await consumeAccountToken(db, token, 'sign_in_unlock');
  return accountId === undefined ? undefined : issueAccountToken(db, accountId, 'sign_in_unlocked');
}

/** Whether the browser's wd_unlock cookie was given by this account's unlock link (and is still live). */
export async function isUnlockedBrowser(db: Db, cookie: string | undefined, accountId: number | null): Promise<boolean> {
  if (!cookie || accountId === null) return false;
  return (await peekAccountToken(db, cookie, 'sign_in_unlocked')) === accountId;
}

function unlockMail(locale: AccountLocale, publicUrl: string, token: string): MailText {
  const url = link(publicUrl, 'unlock', token);
  return locale === 'zh-CN'
    ? {
        subject: '有人多次尝试登录您的账户：请用此链接登录',
        text: `您好，\n\n有人从很多不同的网络反复尝试用错误的密码登录您的账户。为了保护您，登录前需要先证明您是账户的主人。\n\n如果您要登录，请在您登录用的浏览器中打开下面的链接（30 分钟内有效，只能使用一次），然后照常登录：\n\n${url}\n\n如果您现在不需要登录，请忽略本邮件，您的账户没有被锁定，密码也没有改变。建议您使用一个从未在别处用过的长密码，并开启两步验证。\n`,
      }
    : {
        subject: 'Many sign-in attempts on your account: sign in with this link',
        text: `Hello,\n\nSomeone has been trying wrong passwords on your account from many different networks. To protect you, a sign-in first needs proof that it is you.\n\nTo sign in, open this link in the browser you sign in with (valid for 30 minutes, once), then sign in as usual:\n\n${url}\n\nIf you do not want to sign in now, ignore this mail: your account is not locked and your password has not changed. Use a long password you use nowhere else, and turn on two-step verification.\n`,
      };
}
