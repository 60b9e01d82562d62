import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api.ts';
import { ErrorNotice } from '../../shared/ErrorNotice.tsx';
import { useApi } from '../../shared/use-api.ts';
import { useAdminAction } from './use-admin-action.ts';

type Addresses = { support_address: string; aliases: { address: string; source: 'configuration' | 'console' }[] };

export function AddressesAdmin() {
  const { t } = useTranslation();
  const addresses = useApi<Addresses>('/api/v1/settings/addresses');
  const [address, setAddress] = useState('');

  const { run, error, status } = useAdminAction(() => addresses.reload());

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const json = { address: address.trim() };
    if (await run(() => api('/api/v1/settings/aliases', { method: 'POST', json }), t('admin.addresses.added', json))) setAddress('');
  };

  return (
    <section aria-labelledby="addresses-heading">
      <h1 id="addresses-heading">{t('admin.addresses.title')}</h1>
      <ErrorNotice error={addresses.error ?? error} />
      {status ? <p role="status" className="ok">{status}</p> : null}
      {addresses.data ? (
        <>
          <h2>{t('admin.addresses.support')}</h2>
          <p><strong className="support-address">{addresses.data.support_address}</strong></p>
          <p className="hint">{t('admin.addresses.supportHint')}</p>
          <h2>{t('admin.addresses.aliases')}</h2>
          <p className="hint">{t('admin.addresses.aliasesHint')}</p>
          {addresses.data.aliases.length === 0 ? <p>{t('admin.addresses.empty')}</p> : null}
          <ul className="aliases">
            {addresses.data.aliases.map((a) => (
              <li key={a.address}>
                <span className="alias">{a.address}</span>{' '}
                <span className="badge neutral">{a.source === 'configuration' ? t('admin.addresses.fromConfig') : t('admin.addresses.fromConsole')}</span>{' '}
                {a.source === 'console' ? (
                  <button
                    type="button"
                    className="secondary"
                    aria-label={t('admin.addresses.removeWho', { address: a.address })}
                    onClick={() => void run(() => api(`/api/v1/settings/aliases/${encodeURIComponent(a.address)}`, { method: 'DELETE' }), t('admin.addresses.removed', { address: a.address }))}
                  >
                    {t('admin.addresses.remove')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form className="admin-form card" onSubmit={onSubmit}>
        <label htmlFor="new-alias">{t('admin.addresses.add')}</label>
        <input id="new-alias" type="email" required maxLength={254} autoComplete="off" value={address} onChange={(e) => setAddress(e.target.value)} />
        <p><button type="submit">{t('admin.addresses.submit')}</button></p>
      </form>
    </section>
  );
}
