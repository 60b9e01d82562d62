import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../shared/router.ts';
import { accountApi } from './account-api.ts';
import { errorText, isApiError } from './error-text.ts';
import { FormAlert } from './FormAlert.tsx';
import { NewPasswordField } from './NewPasswordField.tsx';
import { useAction } from './use-action.ts';

/** The single-use link from the reset mail: a new password, then every session is signed out. */
export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useTranslation('account');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await run(() => accountApi('/password-reset/confirm', { method: 'POST', json: { token, password } }).then(() => true));
    if (ok) setDone(true);
  };

  if (done) {
    return (
      <>
        <h1>{t('reset.title')}</h1>
        <div role="status">
          <p className="ok">{t('reset.done')}</p>
          <p><Link href="/account/signin">{t('signIn.title')}</Link></p>
        </div>
      </>
    );
  }
  const weak = isApiError(error, 'weak_password') ? errorText(error, t) : undefined;
  return (
    <>
      <h1>{t('reset.title')}</h1>
      <form className="account-form" onSubmit={onSubmit}>
        <NewPasswordField id="reset-password" value={password} onChange={setPassword} error={weak} />
        {weak ? null : <FormAlert error={token ? error : new Error(t('errors.invalid_token'))} />}
        <p className="hint">{t('reset.effects')}</p>
        <p className="actions"><button type="submit" disabled={busy || !token}>{t('reset.submit')}</button></p>
      </form>
      <p><Link href="/account/forgot">{t('reset.again')}</Link></p>
    </>
  );
}
