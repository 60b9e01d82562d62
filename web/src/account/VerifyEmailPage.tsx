import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../shared/router.ts';
import { accountApi } from './account-api.ts';
import { FormAlert } from './FormAlert.tsx';
import { useAction } from './use-action.ts';

/**
 * The link in the verification mail lands here. Verifying waits for a click: mail scanners open links, and a
 * scanner must not verify an address for someone who signed up with another person's email.
 */
export function VerifyEmailPage({ token }: { token: string }) {
  const { t } = useTranslation('account');
  const [verified, setVerified] = useState(false);
  const { busy, error, run } = useAction();

  const verify = async () => {
    const ok = await run(() => accountApi('/verify-email', { method: 'POST', json: { token } }).then(() => true));
    if (ok) setVerified(true);
  };

  return (
    <>
      <h1>{t('verify.title')}</h1>
      {verified ? (
        <div role="status">
          <p className="ok" data-testid="email-verified">{t('verify.done')}</p>
          <p><Link href="/account">{t('nav.overview')}</Link></p>
        </div>
      ) : (
        <>
          <p>{t('verify.intro')}</p>
          <FormAlert error={token ? error : new Error(t('errors.invalid_token'))} />
          <p className="actions"><button type="button" onClick={() => void verify()} disabled={busy || !token}>{t('verify.submit')}</button></p>
        </>
      )}
    </>
  );
}
