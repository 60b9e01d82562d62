import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../shared/router.ts';
import { accountApi } from './account-api.ts';
import { Field } from './Field.tsx';
import { FormAlert } from './FormAlert.tsx';
import { useAction } from './use-action.ts';

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation('account');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useAction();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await run(() => accountApi('/password-reset', { method: 'POST', json: { email } }).then(() => true));
    if (ok) setSent(true);
  };

  return (
    <>
      <h1>{t('forgot.title')}</h1>
      {sent ? (
        <p role="status" className="ok">{t('forgot.sent', { email })}</p>
      ) : (
        <form className="account-form" onSubmit={onSubmit}>
          <p>{t('forgot.intro')}</p>
          <Field id="forgot-email" label={t('fields.email')} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          <FormAlert error={error} />
          <p className="actions"><button type="submit" disabled={busy}>{t('forgot.submit')}</button></p>
        </form>
      )}
      <p><Link href="/account/signin">{t('signIn.title')}</Link></p>
    </>
  );
}
