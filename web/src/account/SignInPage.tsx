import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate, useLocation } from '../shared/router.ts';
import { accountApi, type Me } from './account-api.ts';
import { cleanCode, CodeField } from './CodeField.tsx';
import { isApiError } from './error-text.ts';
import { Field } from './Field.tsx';
import { FormAlert } from './FormAlert.tsx';
import { useSession } from './session.ts';
import { useAction } from './use-action.ts';

type Method = 'totp' | 'sms' | 'recovery';

/** Only same-site account pages are followed after sign-in, so a crafted ?next= cannot send anyone away. */
function nextPath(search: URLSearchParams): string {
  const next = search.get('next') ?? '';
  return /^\/account(\/[a-z0-9-]*)?$/.test(next) ? next : '/account';
}

/**
 * Email and password; when the account has a second factor, a second step asks for the code. Shown in place of
 * a signed-in page (`next` = that page) and as the security center's front door (`landing`).
 */
export function SignInPage({ next, landing = false }: { next?: string; landing?: boolean }) {
  const { t } = useTranslation('account');
  const { setMe } = useSession();
  const { search } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [methods, setMethods] = useState<Method[]>();
  const [useRecovery, setUseRecovery] = useState(false);
  const [smsSent, setSmsSent] = useState(false);
  const { busy, error, setError, run } = useAction();
  const codeInput = useRef<HTMLInputElement>(null);

  // The second step appears in place: focus moves to its field so keyboard and screen-reader users land there.
  useEffect(() => {
    if (methods) codeInput.current?.focus();
  }, [methods]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const json = methods ? { email, password, code: cleanCode(code) } : { email, password };
    const me = await run(async () => {
      try {
        return await accountApi<Me>('/login', { method: 'POST', json });
      } catch (err) {
        // The first answer that asks for a code is the next step, not a failure.
        if (!methods && isApiError(err, 'two_factor_required')) {
          setMethods((err.body as { methods?: Method[] }).methods ?? ['totp']);
          return undefined;
        }
        if (methods) setCode('');
        throw err;
      }
    });
    if (!me) return;
    setMe(me);
    navigate(next ?? nextPath(search));
  };

  const sendSms = async () => {
    setSmsSent(false);
    const sent = await run(() => accountApi('/login/sms', { method: 'POST', json: { email, password } }).then(() => true));
    if (sent) setSmsSent(true);
    codeInput.current?.focus();
  };

  return (
    <>
      {landing ? (
        <>
          <h1>{t('overview.title')}</h1>
          <p>{t('signIn.landing')}</p>
          <h2>{t('signIn.title')}</h2>
        </>
      ) : (
        <h1>{t('signIn.title')}</h1>
      )}
      <form className="account-form" onSubmit={onSubmit}>
        <Field id="signin-email" label={t('fields.email')} type="email" autoComplete="username" required readOnly={Boolean(methods)} value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field id="signin-password" label={t('fields.password')} type="password" autoComplete="current-password" required readOnly={Boolean(methods)} value={password} onChange={(e) => setPassword(e.target.value)} />
        {methods ? (
          <fieldset className="second-step">
            <legend>{t('signIn.secondStep')}</legend>
            <CodeField
              id="signin-code"
              inputRef={codeInput}
              recovery={useRecovery}
              hint={useRecovery ? t('signIn.recoveryHint') : t(methods.includes('sms') ? 'signIn.codeHintSms' : 'signIn.codeHint')}
              value={code}
              onChange={setCode}
              error={error}
            />
            {smsSent ? <p role="status" className="ok">{t('signIn.smsSent')}</p> : null}
            <p className="actions">
              {methods.includes('sms') && !useRecovery ? (
                <button type="button" className="secondary" onClick={() => void sendSms()} disabled={busy}>{t('signIn.sendSms')}</button>
              ) : null}
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setUseRecovery((r) => !r);
                  setCode('');
                  setError(undefined);
                  codeInput.current?.focus();
                }}
              >
                {useRecovery ? t('signIn.useCode') : t('signIn.useRecovery')}
              </button>
            </p>
          </fieldset>
        ) : (
          <FormAlert error={error} />
        )}
        <p className="actions"><button type="submit" disabled={busy}>{t('signIn.submit')}</button></p>
      </form>
      <ul className="link-list">
        <li><Link href="/account/forgot">{t('signIn.forgot')}</Link></li>
        <li>{t('signIn.noAccount')} <Link href="/account/signup">{t('signUp.title')}</Link></li>
        <li><Link href="/account/stolen">{t('nav.stolen')}</Link></li>
      </ul>
    </>
  );
}
