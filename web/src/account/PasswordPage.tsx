import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { accountApi } from './account-api.ts';
import { errorText, isApiError } from './error-text.ts';
import { Field } from './Field.tsx';
import { FormAlert } from './FormAlert.tsx';
import { NewPasswordField } from './NewPasswordField.tsx';
import { useAction } from './use-action.ts';

/** Current and new password; the server signs out every other session and starts the withdrawal hold. */
export function PasswordChangeForm({ onChanged }: { onChanged?: () => void }) {
  const { t } = useTranslation('account');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const ok = await run(() => accountApi('/password', { method: 'POST', json: { current, new: next } }).then(() => true));
    if (!ok) return;
    setCurrent('');
    setNext('');
    setDone(true);
    onChanged?.();
  };

  const weak = isApiError(error, 'weak_password') ? errorText(error, t) : undefined;
  const wrongCurrent = isApiError(error, 'wrong_password') ? errorText(error, t) : undefined;
  return (
    <form className="account-form" onSubmit={onSubmit}>
      <Field id="password-current" label={t('fields.currentPassword')} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} error={wrongCurrent} />
      <NewPasswordField id="password-new" value={next} onChange={setNext} error={weak} />
      {weak || wrongCurrent ? null : <FormAlert error={error} />}
      <p className="hint">{t('password.effects')}</p>
      {done ? <p role="status" className="ok" data-testid="password-changed">{t('password.done')}</p> : null}
      <p className="actions"><button type="submit" disabled={busy}>{t('password.submit')}</button></p>
    </form>
  );
}

export function PasswordPage() {
  const { t } = useTranslation('account');
  return (
    <>
      <h1>{t('password.title')}</h1>
      <PasswordChangeForm />
    </>
  );
}
