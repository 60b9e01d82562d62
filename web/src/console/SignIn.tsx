import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, setCsrfToken } from '../shared/api.ts';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import { LanguageSwitch } from '../shared/LanguageSwitch.tsx';
import type { Session } from './types.ts';

/** Email and password first; when the server asks for it, a second step for the authenticator code. */
export function SignIn({ onSignedIn, onEnrol }: { onSignedIn: (session: Session) => void; onEnrol: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setError(undefined);
    try {
      const session = await api<Session>('/api/v1/session', { method: 'POST', json: needCode ? { email, password, code } : { email, password } });
      onSignedIn(session);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'two_factor_required') {
        setNeedCode(true);
        requestAnimationFrame(() => codeInput.current?.focus());
      } else if (err instanceof ApiError && err.code === 'totp_enrolment_required') {
        setCsrfToken((err.body as { csrf_token?: string }).csrf_token);
        onEnrol();
      } else if (err instanceof ApiError && (err.code === 'invalid_credentials' || err.code === 'invalid_code')) {
        setProblem(t(`signIn.${err.code}`));
        if (err.code === 'invalid_code') setCode('');
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <LanguageSwitch />
      <h1>{t('signIn.title')}</h1>
      <form onSubmit={onSubmit}>
        <label htmlFor="signin-email">{t('signIn.email')}</label>
        <input id="signin-email" type="email" autoComplete="username" required value={email} readOnly={needCode} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="signin-password">{t('signIn.password')}</label>
        <input id="signin-password" type="password" autoComplete="current-password" required value={password} readOnly={needCode} onChange={(e) => setPassword(e.target.value)} />
        {needCode ? (
          <>
            <label htmlFor="signin-code">{t('signIn.code')}</label>
            <p className="hint" id="signin-code-hint">{t('signIn.codeHint')}</p>
            <input
              id="signin-code"
              ref={codeInput}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]{6,8}"
              required
              value={code}
              aria-describedby="signin-code-hint"
              onChange={(e) => setCode(e.target.value)}
            />
          </>
        ) : null}
        {problem ? <p role="alert" className="error">{problem}</p> : null}
        <ErrorNotice error={error} />
        <p><button type="submit" disabled={busy}>{needCode ? t('signIn.verify') : t('signIn.submit')}</button></p>
      </form>
    </main>
  );
}
