import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../shared/use-api.ts';
import { accountApi, type RecoveryCodes, type Security } from './account-api.ts';
import { cleanCode, CodeField } from './CodeField.tsx';
import { FormAlert } from './FormAlert.tsx';
import { RecoveryCodesOnce } from './RecoveryCodesOnce.tsx';
import { SmsSetup } from './SmsSetup.tsx';
import { TotpSetup } from './TotpSetup.tsx';
import { useAction } from './use-action.ts';
import { useReauthentication, type Guard } from './use-reauthentication.tsx';
import { labelled } from '../shared/punctuation.ts';

function TurnOffTotp({ guard, onDone }: { guard: Guard; onDone: () => void }) {
  const { t } = useTranslation('account');
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await run(() => guard(() => accountApi('/2fa/totp', { method: 'DELETE', json: { code: cleanCode(code) } }).then(() => true)));
    setCode('');
    if (ok) onDone();
  };
  return (
    <form className="account-form" onSubmit={onSubmit}>
      <CodeField id="totp-off-code" label={t('totp.offCode')} value={code} onChange={setCode} error={error} />
      <p className="actions"><button type="submit" className="danger" disabled={busy}>{t('totp.off')}</button></p>
    </form>
  );
}

export function TwoFactorPage() {
  const { t } = useTranslation('account');
  const security = useApi<Security>('/security', accountApi);
  const { guard, prompt } = useReauthentication();
  const [newCodes, setNewCodes] = useState<string[]>();
  const smsOff = useAction();
  const codes = useAction();
  const state = security.data?.two_factor;

  const turnOffSms = async () => {
    const ok = await smsOff.run(() => guard(() => accountApi('/2fa/sms', { method: 'DELETE' }).then(() => true)));
    if (ok) security.reload();
  };
  const makeCodes = async () => {
    const answer = await codes.run(() => guard(() => accountApi<RecoveryCodes>('/2fa/recovery-codes', { method: 'POST' })));
    if (answer) setNewCodes(answer.recovery_codes);
  };

  return (
    <>
      <h1>{t('twoFactor.title')}</h1>
      <p>{t('twoFactor.intro')}</p>
      <p className="hint">{t('twoFactor.holdNote')}</p>
      <FormAlert error={security.error} />
      {prompt}
      {state ? (
        <>
          <section className="card" aria-labelledby="totp-heading">
            <h2 id="totp-heading">
              {t('twoFactor.totp')} <span className="badge pass">{t('twoFactor.recommended')}</span>
            </h2>
            <p>{t('totp.about')}</p>
            <p data-testid="totp-state">{labelled(t('twoFactor.state'))}<strong>{state.totp ? t('common.on') : t('common.off')}</strong></p>
            {state.totp ? <TurnOffTotp guard={guard} onDone={security.reload} /> : <TotpSetup guard={guard} onDone={security.reload} />}
          </section>
          <section className="card" aria-labelledby="sms-heading">
            <h2 id="sms-heading">
              {t('twoFactor.sms')} <span className="badge fail">{t('twoFactor.weaker')}</span>
            </h2>
            <p>{t('sms.about')}</p>
            <p data-testid="sms-state">{labelled(t('twoFactor.state'))}<strong>{state.sms ? t('common.on') : t('common.off')}</strong></p>
            {state.sms ? (
              <>
                <FormAlert error={smsOff.error} />
                <p className="actions"><button type="button" className="danger" disabled={smsOff.busy} onClick={() => void turnOffSms()}>{t('sms.off')}</button></p>
              </>
            ) : (
              <SmsSetup guard={guard} onDone={security.reload} />
            )}
          </section>
          {state.totp || state.sms ? (
            <section className="card" aria-labelledby="codes-section-heading">
              <h2 id="codes-section-heading">{t('codes.sectionTitle')}</h2>
              <p>{t('twoFactor.codesLeft', { count: state.recovery_codes_left })}</p>
              {newCodes ? (
                <RecoveryCodesOnce codes={newCodes} onSaved={() => { setNewCodes(undefined); security.reload(); }} />
              ) : (
                <>
                  <p className="hint">{t('codes.renewHint')}</p>
                  <FormAlert error={codes.error} />
                  <p className="actions"><button type="button" className="secondary" disabled={codes.busy} onClick={() => void makeCodes()}>{t('codes.renew')}</button></p>
                </>
              )}
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
