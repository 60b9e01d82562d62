import i18next from 'i18next';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../shared/i18n.ts';
import { useLocation } from '../shared/router.ts';
import './account.css';
import { accountApi, onSignedOut, type Me } from './account-api.ts';
import { AccountNav } from './AccountNav.tsx';
import { AntiPhishingPage } from './AntiPhishingPage.tsx';
import { ForgotPasswordPage } from './ForgotPasswordPage.tsx';
import { FormAlert } from './FormAlert.tsx';
import { FreezeAccountPage } from './FreezeAccountPage.tsx';
import { FreezeLinkPage } from './FreezeLinkPage.tsx';
import { LoginActivityPage } from './LoginActivityPage.tsx';
import { isApiError } from './error-text.ts';
import { accountMessages } from './messages.ts';
import { OverviewPage } from './OverviewPage.tsx';
import { PasswordPage } from './PasswordPage.tsx';
import { ResetPasswordPage } from './ResetPasswordPage.tsx';
import { SessionContext } from './session.ts';
import { SessionsPage } from './SessionsPage.tsx';
import { SignInPage } from './SignInPage.tsx';
import { SignUpPage } from './SignUpPage.tsx';
import { StolenPage } from './StolenPage.tsx';
import { TwoFactorPage } from './TwoFactorPage.tsx';
import { UnlockLinkPage } from './UnlockLinkPage.tsx';
import { VerifyEmailPage } from './VerifyEmailPage.tsx';

for (const [lng, bundles] of Object.entries(accountMessages)) i18next.addResourceBundle(lng, 'account', bundles.account, true, true);

/** Pages anyone may open: reached from mails (tokens) or before an account exists. */
function publicPage(path: string, search: URLSearchParams): ReactNode | undefined {
  const token = search.get('token') ?? '';
  if (path === '/account/signin') return <SignInPage />;
  if (path === '/account/signup') return <SignUpPage />;
  if (path === '/account/verify') return <VerifyEmailPage token={token} />;
  if (path === '/account/forgot') return <ForgotPasswordPage />;
  if (path === '/account/reset') return <ResetPasswordPage token={token} />;
  if (path === '/account/freeze' && search.has('token')) return <FreezeLinkPage token={token} />;
  if (path === '/account/unlock') return <UnlockLinkPage token={token} />;
  if (path === '/account/stolen') return <StolenPage />;
  return undefined;
}

const signedInPages: Record<string, () => ReactNode> = {
  '/account': () => <OverviewPage />,
  '/account/password': () => <PasswordPage />,
  '/account/2fa': () => <TwoFactorPage />,
  '/account/sessions': () => <SessionsPage />,
  '/account/activity': () => <LoginActivityPage />,
  '/account/phrase': () => <AntiPhishingPage />,
  '/account/freeze': () => <FreezeAccountPage />,
};

/** The security center at /account/*: loaded on demand by the help center (see AccountPages.tsx). */
export default function AccountApp() {
  const { t } = useTranslation('account');
  const { path: rawPath, search } = useLocation();
  const path = rawPath.replace(/\/+$/, '') || '/';
  const [me, setMe] = useState<Me | null>();
  const [error, setError] = useState<unknown>();
  const session = useMemo(() => ({ me, setMe }), [me]);

  useEffect(() => {
    accountApi<Me>('/me').then(setMe, (err: unknown) => {
      setMe(null);
      if (!isApiError(err, 'unauthorized')) setError(err);
    });
    return onSignedOut(() => setMe(null));
  }, []);

  // The customer's language choice also decides the language of the security mails we send them.
  useEffect(() => {
    if (!me) return;
    const save = () => {
      if (currentLocale() !== me.locale) void accountApi('/me', { method: 'PATCH', json: { locale: currentLocale() } }).then(() => setMe({ ...me, locale: currentLocale() }), () => undefined);
    };
    i18next.on('languageChanged', save);
    return () => i18next.off('languageChanged', save);
  }, [me]);

  const open = publicPage(path, search);
  const signedIn = signedInPages[path];
  let content: ReactNode;
  if (open) content = open;
  else if (me === undefined) content = <p>{t('common.loading')}</p>;
  else if (!signedIn) content = <p>{t('errors.not_found')}</p>;
  else if (me === null) content = <SignInPage next={path} landing={path === '/account'} />;
  else content = signedIn();

  return (
    <SessionContext.Provider value={session}>
      <div className="account-layout">
        {me ? <AccountNav path={path} /> : null}
        <div className="account-content">
          <FormAlert error={error} />
          {content}
        </div>
      </div>
    </SessionContext.Provider>
  );
}
