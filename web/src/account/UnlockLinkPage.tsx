import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../shared/router.ts';
import { accountApi } from './account-api.ts';
import { FormAlert } from './FormAlert.tsx';
import { useAction } from './use-action.ts';

/**
 * The unlock link mailed when an account's failed sign-ins from many networks pass its ceiling. Nothing happens on
 * load — mail scanners open links, and the link is single-use — only the button spends it, in this browser.
 */
export function UnlockLinkPage({ token }: { token: string }) {
  const { t } = useTranslation('account');
  const [unlocked, setUnlocked] = useState(false);
  const { busy, error, run } = useAction();

  const unlock = async () => {
    const ok = await run(() => accountApi('/login/unlock', { method: 'POST', json: { token } }).then(() => true));
    if (ok) setUnlocked(true);
  };

  return (
    <>
      <h1>{t('unlockLink.title')}</h1>
      {unlocked ? (
        <div role="status" data-testid="unlock-done">
          <p className="ok">{t('unlockLink.done')}</p>
          <p><Link href="/account/signin">{t('unlockLink.next')}</Link></p>
        </div>
      ) : (
        <>
          <p>{t('unlockLink.intro')}</p>
          <FormAlert error={token ? error : new Error(t('errors.invalid_token'))} />
          <p className="actions">
            <button type="button" disabled={busy || !token} onClick={() => void unlock()}>{t('unlockLink.submit')}</button>
          </p>
        </>
      )}
    </>
  );
}
