import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../shared/use-api.ts';
import { accountApi } from './account-api.ts';
import { formatPlace, formatTime } from './display-format.ts';
import { FormAlert } from './FormAlert.tsx';
import { useAction } from './use-action.ts';

type Session = { id: number; current: boolean; created_at_iso: string; last_seen_at_iso: string; ip: string | null; country: string | null; city: string | null; device: string | null };

export function SessionsPage() {
  const { t } = useTranslation('account');
  const sessions = useApi<{ items: Session[] }>('/sessions', accountApi);
  const { busy, error, run } = useAction();
  const [notice, setNotice] = useState<string>();

  const revoke = async (session: Session) => {
    const ok = await run(() => accountApi(`/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' }).then(() => true));
    if (!ok) return;
    setNotice(t('sessions.revoked', { device: session.device ?? t('common.unknown') }));
    sessions.reload();
  };
  const revokeOthers = async () => {
    const answer = await run(() => accountApi<{ revoked: number }>('/sessions/revoke-others', { method: 'POST' }));
    if (!answer) return;
    setNotice(t('sessions.revokedOthers', { count: answer.revoked }));
    sessions.reload();
  };

  const items = sessions.data?.items ?? [];
  return (
    <>
      <h1>{t('sessions.title')}</h1>
      <p>{t('sessions.intro')}</p>
      <FormAlert error={sessions.error ?? error} />
      {notice ? <p role="status" className="ok">{notice}</p> : null}
      {sessions.data ? (
        <table className="data-table" data-testid="sessions">
          <caption className="visually-hidden">{t('sessions.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('columns.device')}</th>
              <th scope="col">{t('columns.ip')}</th>
              <th scope="col">{t('columns.location')}</th>
              <th scope="col">{t('columns.lastSeen')}</th>
              <th scope="col">{t('columns.signedIn')}</th>
              <th scope="col"><span className="visually-hidden">{t('columns.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} className={s.current ? 'current' : undefined}>
                <td>{s.device ?? t('common.unknown')} {s.current ? <span className="badge pass">{t('sessions.current')}</span> : null}</td>
                <td>{s.ip ?? '—'}</td>
                <td>{formatPlace(s.city, s.country) || '—'}</td>
                <td>{formatTime(s.last_seen_at_iso)}</td>
                <td>{formatTime(s.created_at_iso)}</td>
                <td>
                  {s.current ? null : (
                    <button type="button" className="secondary" disabled={busy} onClick={() => void revoke(s)} aria-label={t('sessions.revokeNamed', { device: s.device ?? t('common.unknown'), ip: s.ip ?? '' })}>
                      {t('sessions.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {items.some((s) => !s.current) ? (
        <p className="actions"><button type="button" className="danger" disabled={busy} onClick={() => void revokeOthers()}>{t('sessions.revokeOthers')}</button></p>
      ) : null}
    </>
  );
}
