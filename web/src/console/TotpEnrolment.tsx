import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api.ts';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import type { Session } from './types.ts';
import { labelled } from '../shared/punctuation.ts';

type Setup = { secret: string; otpauth_url: string; qr_svg: string };

/** An agent whose account needs two-factor authentication sets up an authenticator before the console opens. */
export function TotpEnrolment({ onEnrolled }: { onEnrolled: (session: Session) => void }) {
  const { t } = useTranslation();
  const [setup, setSetup] = useState<Setup>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>();
  const heading = useRef<HTMLHeadingElement>(null);
  const started = useRef(false);

  useEffect(() => {
    // Each setup call replaces the pending secret, so it must run once even when React mounts twice.
    if (started.current) return;
    started.current = true;
    api<Setup>('/api/v1/session/totp/setup', { method: 'POST' }).then(setSetup, setError);
    heading.current?.focus();
  }, []);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api('/api/v1/session/totp/confirm', { method: 'POST', json: { code: code.replace(/\s+/g, '') } });
      onEnrolled(await api<Session>('/api/v1/session'));
    } catch (err) {
      setError(err);
      setCode('');
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1 ref={heading} tabIndex={-1}>{t('enrol.title')}</h1>
      <p>{t('enrol.intro')}</p>
      {setup ? (
        <>
          {/* An SVG as an image cannot run script; data: images are allowed by the page's CSP. */}
          <img className="qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qr_svg)}`} alt={t('enrol.qr')} width={200} height={200} />
          <p>{labelled(t('enrol.secret'))}<code data-testid="totp-secret">{setup.secret}</code></p>
        </>
      ) : null}
      <form onSubmit={onSubmit}>
        <label htmlFor="enrol-code">{t('signIn.code')}</label>
        <input id="enrol-code" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
        <ErrorNotice error={error} />
        <p><button type="submit">{t('enrol.confirm')}</button></p>
      </form>
    </main>
  );
}
