import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { accountApi, type RecoveryCodes } from './account-api.ts';
import { cleanCode, CodeField } from './CodeField.tsx';
import { FormAlert } from './FormAlert.tsx';
import { RecoveryCodesOnce } from './RecoveryCodesOnce.tsx';
import { useAction } from './use-action.ts';
import type { Guard } from './use-reauthentication.tsx';

type Setup = { secret: string; otpauth_url: string; qr_svg: string };

/** Authenticator enrolment: QR code and the secret as text, a confirming code, then the recovery codes once. */
export function TotpSetup({ guard, onDone }: { guard: Guard; onDone: () => void }) {
  const { t } = useTranslation('account');
  const [setup, setSetup] = useState<Setup>();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[]>();
  const start = useAction();
  const confirm = useAction();
  const codeInput = useRef<HTMLInputElement>(null);

  // Once the QR code shows, the next thing to do is type the app's code.
  useEffect(() => {
    if (setup) codeInput.current?.focus();
  }, [setup]);

  const begin = async () => {
    const answer = await start.run(() => guard(() => accountApi<Setup>('/2fa/totp', { method: 'POST' })));
    if (answer) setSetup(answer);
  };

  const onConfirm = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await confirm.run(() => accountApi<RecoveryCodes>('/2fa/totp/confirm', { method: 'POST', json: { code: cleanCode(code) } }));
    if (answer) setCodes(answer.recovery_codes);
    else setCode('');
  };

  if (codes) return <RecoveryCodesOnce codes={codes} onSaved={onDone} />;
  if (!setup) {
    return (
      <>
        <FormAlert error={start.error} />
        <p className="actions"><button type="button" onClick={() => void begin()} disabled={start.busy}>{t('totp.start')}</button></p>
      </>
    );
  }
  return (
    <div className="totp-setup">
      <ol>
        <li>{t('totp.step1')}</li>
        <li>
          {t('totp.step2')}
          {/* The server's SVG as an image: it can carry no script and adds no markup to this page. */}
          <img className="qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qr_svg)}`} alt={t('totp.qr')} width={200} height={200} />
          <p>{t('totp.secret')} <code className="secret" data-testid="totp-secret">{setup.secret}</code></p>
        </li>
        <li>{t('totp.step3')}</li>
      </ol>
      <form className="account-form" onSubmit={onConfirm}>
        <CodeField id="totp-code" inputRef={codeInput} value={code} onChange={setCode} error={confirm.error} />
        <p className="actions"><button type="submit" disabled={confirm.busy}>{t('totp.confirm')}</button></p>
      </form>
    </div>
  );
}
