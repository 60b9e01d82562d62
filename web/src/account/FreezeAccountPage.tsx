import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../shared/router.ts';
import { accountApi } from './account-api.ts';
import { FormAlert } from './FormAlert.tsx';
import { useAction } from './use-action.ts';

/** Freezing is a two-step action (ask, then confirm), so a stray click never locks a customer out. */
export function FreezeAccountPage() {
  const { t } = useTranslation('account');
  const [confirming, setConfirming] = useState(false);
  const [frozen, setFrozen] = useState(false);
  const { busy, error, run } = useAction();
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const freeze = async () => {
    const ok = await run(() => accountApi('/freeze', { method: 'POST' }).then(() => true));
    if (ok) setFrozen(true);
  };

  return (
    <>
      <h1>{t('freeze.title')}</h1>
      {frozen ? (
        <div role="status" data-testid="freeze-done">
          <p className="ok">{t('freeze.done')}</p>
          <p><Link href="/account">{t('nav.overview')}</Link> · <Link href="/contact">{t('overview.contact')}</Link></p>
        </div>
      ) : (
        <>
          <p>{t('freeze.what')}</p>
          <ul>
            <li>{t('freeze.effectWithdrawals')}</li>
            <li>{t('freeze.effectSessions')}</li>
            <li>{t('freeze.effectTicket')}</li>
          </ul>
          <p>{t('freeze.unfreeze')}</p>
          <FormAlert error={error} />
          {confirming ? (
            <div className="card confirm" role="group" aria-labelledby="freeze-confirm">
              <p id="freeze-confirm"><strong>{t('freeze.confirmQuestion')}</strong></p>
              <p className="actions">
                <button ref={confirmButton} type="button" className="danger" disabled={busy} onClick={() => void freeze()}>{t('freeze.confirm')}</button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
              </p>
            </div>
          ) : (
            <p className="actions">
              <button type="button" className="danger" onClick={() => setConfirming(true)}>
                {t('freeze.start')}
              </button>
            </p>
          )}
        </>
      )}
    </>
  );
}
