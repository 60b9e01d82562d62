import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api.ts';
import { ErrorNotice } from '../../shared/ErrorNotice.tsx';
import { useApi } from '../../shared/use-api.ts';
import { useAdminAction } from './use-admin-action.ts';

type Token = { id: number; kind: 'agent' | 'service'; owner: string; label: string | null; created_at: string; last_used_at: string | null };

/** Every agent and service token with who it speaks for; revoking one ends it at once (audited by the API). */
export function TokensAdmin() {
  const { t, i18n } = useTranslation();
  const tokens = useApi<{ items: Token[] }>('/api/v1/tokens');
  const { run, error, status } = useAdminAction(() => tokens.reload());
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : t('admin.tokens.never'));

  return (
    <section aria-labelledby="tokens-heading">
      <h1 id="tokens-heading">{t('admin.tokens.title')}</h1>
      <ErrorNotice error={tokens.error ?? error} />
      {status ? <p role="status" className="ok">{status}</p> : null}
      <p className="hint">{t('admin.tokens.hint')}</p>
      {tokens.data?.items.length === 0 ? <p>{t('admin.tokens.empty')}</p> : null}
      {tokens.data && tokens.data.items.length > 0 ? (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.tokens.id')}</th>
              <th scope="col">{t('admin.tokens.kind')}</th>
              <th scope="col">{t('admin.tokens.owner')}</th>
              <th scope="col">{t('admin.tokens.label')}</th>
              <th scope="col">{t('admin.tokens.created')}</th>
              <th scope="col">{t('admin.tokens.lastUsed')}</th>
              <th scope="col"><span className="visually-hidden">{t('admin.tokens.revoke')}</span></th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.items.map((token) => (
              <tr key={`${token.kind}:${token.id}`}>
                <td>{token.id}</td>
                <td>{t(`admin.tokens.kinds.${token.kind}`)}</td>
                <th scope="row">{token.owner}</th>
                <td>{token.label ?? ''}</td>
                <td><time dateTime={token.created_at}>{when(token.created_at)}</time></td>
                <td>{token.last_used_at ? <time dateTime={token.last_used_at}>{when(token.last_used_at)}</time> : when(null)}</td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    aria-label={t('admin.tokens.revokeWho', { id: token.id, owner: token.owner })}
                    onClick={() =>
                      void run(
                        () => api(`/api/v1/tokens/${token.id}?kind=${token.kind}`, { method: 'DELETE' }),
                        t('admin.tokens.revoked', { id: token.id, owner: token.owner }),
                      )
                    }
                  >
                    {t('admin.tokens.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
