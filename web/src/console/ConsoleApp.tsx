import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, setCsrfToken } from '../shared/api.ts';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import { SignIn } from './SignIn.tsx';
import { TotpEnrolment } from './TotpEnrolment.tsx';
import type { Session } from './types.ts';
import { Workspace } from './Workspace.tsx';

export function ConsoleApp() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | null | 'enrol'>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    api<Session>('/api/v1/session').then(
      (s) => {
        setCsrfToken(s.csrf_token);
        setSession(s);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.code === 'totp_enrolment_required') {
          setCsrfToken((err.body as { csrf_token?: string }).csrf_token);
          return setSession('enrol');
        }
        // 401 simply means "not signed in"; anything else is worth showing above the form.
        if (!(err instanceof ApiError && err.status === 401)) setError(err);
        setSession(null);
      },
    );
  }, []);

  const signedIn = (s: Session) => {
    setCsrfToken(s.csrf_token);
    setError(undefined);
    setSession(s);
  };
  const signOut = async () => {
    await api('/api/v1/session', { method: 'DELETE' }).catch(() => undefined);
    setCsrfToken(undefined);
    setSession(null);
  };

  if (session === undefined) return <p>{t('common.loading')}</p>;
  if (session === null) {
    return (
      <>
        <ErrorNotice error={error} />
        <SignIn onSignedIn={signedIn} onEnrol={() => setSession('enrol')} />
      </>
    );
  }
  if (session === 'enrol') return <TotpEnrolment onEnrolled={signedIn} />;
  return <Workspace agent={session.agent} onSignOut={signOut} />;
}
