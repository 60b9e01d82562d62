import { useTranslation } from 'react-i18next';
import { Link, navigate } from '../shared/router.ts';
import { accountApi } from './account-api.ts';
import { useSession } from './session.ts';

const links = [
  ['/account', 'nav.overview'],
  ['/account/password', 'nav.password'],
  ['/account/2fa', 'nav.twoFactor'],
  ['/account/sessions', 'nav.sessions'],
  ['/account/activity', 'nav.activity'],
  ['/account/phrase', 'nav.phrase'],
  ['/account/freeze', 'nav.freeze'],
  ['/account/stolen', 'nav.stolen'],
] as const;

export function AccountNav({ path }: { path: string }) {
  const { t } = useTranslation('account');
  const { setMe } = useSession();
  const signOut = async () => {
    // Signed out here whatever the answer: a session the server already ended is just as gone.
    await accountApi('/logout', { method: 'POST' }).catch(() => undefined);
    setMe(null);
    navigate('/account');
  };
  return (
    <nav className="account-nav" aria-label={t('nav.label')}>
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            <Link href={href} aria-current={path === href ? 'page' : undefined}>{t(label)}</Link>
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={() => void signOut()}>{t('nav.signOut')}</button>
    </nav>
  );
}
