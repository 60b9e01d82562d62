import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { accountApi } from './account-api.ts';
import { cleanCode, CodeField } from './CodeField.tsx';
import { errorText } from './error-text.ts';
import { Field } from './Field.tsx';
import { RecoveryCodesOnce } from './RecoveryCodesOnce.tsx';
import { useAction } from './use-action.ts';
import type { Guard } from './use-reauthentication.tsx';

/** SMS codes: a phone number (E.164), then the code sent to it; recovery codes when this is the first factor. */
export function SmsSetup({ guard, onDone }: { guard: Guard; onDone: () => void }) {
  const { t } = useTranslation('account');
  const [phone, setPhone] = useState('');
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[]>();
  const send = useAction();
  const confirm = useAction();

  const onSend = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await send.run(() => guard(() => accountApi('/2fa/sms', { method: 'POST', json: { phone: phone.replace(/[\s()-]/g, '') } }).then(() => true)));
    if (ok) setSent(true);
  };

  const onConfirm = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await confirm.run(() => accountApi<{ recovery_codes?: string[] }>('/2fa/sms/confirm', { method: 'POST', json: { code: cleanCode(code) } }));
    if (!answer) return setCode('');
    if (answer.recovery_codes?.length) setCodes(answer.recovery_codes);
    else onDone();
  };

  if (codes) return <RecoveryCodesOnce codes={codes} onSaved={onDone} />;
  return (
    <>
      <form className="account-form" onSubmit={onSend}>
        <Field
          id="sms-phone"
          label={t('fields.phone')}
          hint={t('sms.phoneHint')}
          type="tel"
          autoComplete="tel"
          required
          readOnly={sent}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={send.error ? errorText(send.error, t) : undefined}
        />
        {sent ? null : <p className="actions"><button type="submit" className="secondary" disabled={send.busy}>{t('sms.send')}</button></p>}
      </form>
      {sent ? (
        <form className="account-form" onSubmit={onConfirm}>
          <p role="status">{t('sms.sent')}</p>
          <CodeField id="sms-code" autoFocus value={code} onChange={setCode} error={confirm.error} />
          <p className="actions"><button type="submit" className="secondary" disabled={confirm.busy}>{t('sms.confirm')}</button></p>
        </form>
      ) : null}
    </>
  );
}
