import type { Db } from '../platform/db/connect.ts';
import { normalizeAddress } from '../tickets/contacts.ts';
import { alreadyRegisteredMail, verificationMail, type AccountLocale } from './account-mail-texts.ts';
import { localeOf, type AccountProfile } from './account-profile.ts';
import type { AccountSettings } from './account-settings.ts';
import { issueAccountToken } from './account-tokens.ts';
import { hashPassword } from './password-hash.ts';
import { checkPassword, passwordPolicyOf, type WeakPassword } from './password-policy.ts';
import { queueAccountMail } from './queue-account-mail.ts';

/** No id: a new account and an existing address must answer alike. */
export type SignUpAnswer = Omit<AccountProfile, 'id'>;
export type SignUpResult = { kind: 'weak_password'; verdict: WeakPassword } | { kind: 'signed_up'; answer: SignUpAnswer };

/**
 * Creates an account and mails its verification link. An address that has an account already gets the same
 * answer (a profile that looks new) and its owner a notice instead, so sign-up never tells who is a customer.
 */
export async function signUp(
  db: Db,
  input: { email: string; password: string; locale: AccountLocale },
  settings: Pick<AccountSettings, 'publicUrl' | 'passwordMinLength' | 'passwordRequireMix'>,
  now = Date.now(),
): Promise<SignUpResult> {
  const email = normalizeAddress(input.email);
  const verdict = await checkPassword(input.password, email, passwordPolicyOf(settings));
  if (!verdict.ok) return { kind: 'weak_password', verdict };
  const passwordHash = await hashPassword(input.password);

  const created = await db
    .insertInto('accounts')
    .values({ email, password_hash: passwordHash, locale: input.locale, password_changed_at: now, created_at: now })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!created) {
    const owner = await db.selectFrom('accounts').select(['id', 'locale']).where('email', '=', email).executeTakeFirstOrThrow();
    const mail = alreadyRegisteredMail(localeOf(owner.locale), settings.publicUrl);
    await queueAccountMail(db, { accountId: owner.id, kind: 'signup_existing', to: email, locale: owner.locale, ...mail });
  } else {
    await sendVerificationMail(db, { id: created.id, email, locale: input.locale }, settings.publicUrl);
  }
  return { kind: 'signed_up', answer: { email, locale: input.locale, email_verified: false } };
}

export async function sendVerificationMail(db: Db, account: { id: number; email: string; locale: AccountLocale }, publicUrl: string): Promise<void> {
  const token = await issueAccountToken(db, account.id, 'verify_email');
  await queueAccountMail(db, { accountId: account.id, kind: 'verify_email', to: account.email, locale: account.locale, ...verificationMail(account.locale, publicUrl, token) });
}
