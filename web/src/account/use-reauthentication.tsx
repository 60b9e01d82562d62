import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { accountApi } from './account-api.ts';
import { cleanCode, CodeField } from './CodeField.tsx';
import { errorText, isApiError } from './error-text.ts';
import { Field } from './Field.tsx';

export type Guard = <T>(call: () => Promise<T>) => Promise<T | undefined>;

type Pending = { call: () => Promise<unknown>; resolve: (value: unknown) => void; reject: (err: unknown) => void };

/**
 * Sensitive changes need a sign-in from the last 15 minutes. `guard(call)` runs the call; when the server answers
 * `reauthentication_required` it shows `prompt` (password, and a code when 2FA is on), re-authenticates and runs
 * the call again. A cancelled prompt resolves to undefined.
 */
export function useReauthentication() {
  const [pending, setPending] = useState<Pending>();
  const guard: Guard = useCallback(async <T,>(call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (err) {
      if (!isApiError(err, 'reauthentication_required')) throw err;
      return new Promise<T | undefined>((resolve, reject) => setPending({ call, resolve: resolve as (v: unknown) => void, reject }));
    }
  }, []);
  const prompt = pending ? (
    <ReauthenticatePrompt
      onConfirmed={() => {
        setPending(undefined);
        pending.call().then(pending.resolve, pending.reject);
      }}
      onCancel={() => {
        setPending(undefined);
        pending.resolve(undefined);
      }}
    />
  ) : null;
  return { guard, prompt };
}

function ReauthenticatePrompt({ onConfirmed, onCancel }: { onConfirmed: () => void; onCancel: () => void }) {
  const { t } = useTranslation('account');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await accountApi('/reauthenticate', { method: 'POST', json: needCode ? { password, code: cleanCode(code) } : { password } });
      onConfirmed();
    } catch (err) {
      if (isApiError(err, 'two_factor_required') && !needCode) setNeedCode(true);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card reauth" aria-labelledby="reauth-heading">
      <h2 id="reauth-heading" ref={heading} tabIndex={-1}>{t('reauth.title')}</h2>
      <p>{t('reauth.intro')}</p>
      <form className="account-form" onSubmit={onSubmit}>
        <Field
          id="reauth-password"
          label={t('fields.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={needCode || !error ? undefined : errorText(error, t)}
        />
        {needCode ? (
          <CodeField id="reauth-code" hint={t('signIn.codeHint')} autoFocus value={code} onChange={setCode} error={error} />
        ) : null}
        <p className="actions">
          <button type="submit" disabled={busy}>{t('reauth.confirm')}</button>
          <button type="button" className="secondary" onClick={onCancel}>{t('common.cancel')}</button>
        </p>
      </form>
    </section>
  );
}
