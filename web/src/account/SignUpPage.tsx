import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../shared/i18n.ts';
import { Link } from '../shared/router.ts';
import { accountApi } from './account-api.ts';
import { errorText, isApiError } from './error-text.ts';
import { Field } from './Field.tsx';
import { FormAlert } from './FormAlert.tsx';
import { NewPasswordField } from './NewPasswordField.tsx';
import { useAction } from './use-action.ts';

export function SignUpPage() {
  const { t } = useTranslation('account');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const doneHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (done) doneHeading.current?.focus();
  }, [done]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await run(() => accountApi('/signup', { method: 'POST', json: { email, password, locale: currentLocale() } }));
    if (created !== undefined) setDone(true);
  };

  if (done) {
    return (
      <section aria-live="polite">
        <h1 ref={doneHeading} tabIndex={-1} data-testid="signup-done">{t('signUp.doneTitle')}</h1>
        <p>{t('signUp.done', { email })}</p>
        <p><Link href="/account/signin">{t('signIn.title')}</Link></p>
      </section>
    );
  }

  const weak = isApiError(error, 'weak_password') ? errorText(error, t) : undefined;
  return (
    <>
      <h1>{t('signUp.title')}</h1>
      <p>{t('signUp.intro')}</p>
      <form className="account-form" onSubmit={onSubmit}>
        <Field id="signup-email" label={t('fields.email')} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <NewPasswordField id="signup-password" value={password} onChange={setPassword} error={weak} />
        {weak ? null : <FormAlert error={error} />}
        <p className="actions"><button type="submit" disabled={busy}>{t('signUp.submit')}</button></p>
      </form>
      <p>{t('signUp.haveAccount')} <Link href="/account/signin">{t('signIn.title')}</Link></p>
    </>
  );
}
