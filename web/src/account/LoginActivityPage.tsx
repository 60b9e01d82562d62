import { useTranslation } from 'react-i18next';
import { listed } from '../shared/punctuation.ts';
import { Link } from '../shared/router.ts';
import { useApi } from '../shared/use-api.ts';
import { accountApi } from './account-api.ts';
import { formatPlace, formatTime } from './display-format.ts';
import { FormAlert } from './FormAlert.tsx';

type Attempt = { at_iso: string; ip: string | null; country: string | null; city: string | null; device: string | null; success: boolean; flagged: boolean; flag_reasons?: string[] };

/** Every sign-in attempt, newest first; the ones our rules found unusual are marked and explained. */
export function LoginActivityPage() {
  const { t } = useTranslation('account');
  const logins = useApi<{ items: Attempt[] }>('/logins', accountApi);
  const items = logins.data?.items ?? [];
  return (
    <>
      <h1>{t('activity.title')}</h1>
      <p>{t('activity.intro')} <Link href="/account/stolen">{t('activity.notMe')}</Link></p>
      <FormAlert error={logins.error} />
      {logins.data && items.length === 0 ? <p>{t('activity.none')}</p> : null}
      {items.length > 0 ? (
        <table className="data-table" data-testid="login-activity">
          <caption className="visually-hidden">{t('activity.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('columns.time')}</th>
              <th scope="col">{t('columns.result')}</th>
              <th scope="col">{t('columns.device')}</th>
              <th scope="col">{t('columns.ip')}</th>
              <th scope="col">{t('columns.location')}</th>
              <th scope="col">{t('columns.check')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a, i) => (
              <tr key={`${a.at_iso}-${i}`} className={a.flagged ? 'flagged' : undefined} data-flagged={a.flagged}>
                <td>{formatTime(a.at_iso)}</td>
                <td>{a.success ? <span className="ok">{t('activity.success')}</span> : <span className="bad">{t('activity.failure')}</span>}</td>
                <td>{a.device ?? t('common.unknown')}</td>
                <td>{a.ip ?? '—'}</td>
                <td>{formatPlace(a.city, a.country) || '—'}</td>
                <td>
                  {a.flagged ? (
                    <>
                      <span className="badge fail">{t('activity.unusual')}</span>{' '}
                      {listed((a.flag_reasons ?? []).map((r) => t(`flags.${r}`, { defaultValue: r })))}
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
