import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../shared/router.ts';
import { accountApi } from './account-api.ts';
import { FormAlert } from './FormAlert.tsx';
import { useSession } from './session.ts';
import { useAction } from './use-action.ts';

/**
 * The "this wasn't me" link from a security mail. Nothing happens on load — mail scanners open links — only the
 * button freezes the account (which also ends every session, this one included).
 */
export function FreezeLinkPage({ token }: { token: string }) {
  const { t } = useTranslation('account');
  const { setMe } = useSession();
  const [frozen, setFrozen] = useState(false);
  const { busy, error, run } = useAction();

  const freeze = async () => {
    const ok = await run(() => accountApi('/freeze-link', { method: 'POST', json: { token } }).then(() => true));
    if (!ok) return;
    setFrozen(true);
    setMe(null);
  };

  return (
    <>
      <h1>{t('freezeLink.title')}</h1>
      {frozen ? (
        <div role="status" data-testid="freeze-done">
          <p className="ok">{t('freezeLink.done')}</p>
          <ol>
            <li><Link href="/account/signin?next=/account/stolen">{t('freezeLink.nextSignIn')}</Link></li>
            <li><Link href="/account/forgot">{t('freezeLink.nextReset')}</Link></li>
            <li><Link href="/contact">{t('overview.contact')}</Link></li>
          </ol>
        </div>
      ) : (
        <>
          <p>{t('freezeLink.intro')}</p>
          <FormAlert error={token ? error : new Error(t('errors.invalid_token'))} />
          <p className="actions">
            <button type="button" className="danger" disabled={busy || !token} onClick={() => void freeze()}>{t('freezeLink.submit')}</button>
          </p>
        </>
      )}
    </>
  );
}
