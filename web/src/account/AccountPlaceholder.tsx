import { useTranslation } from 'react-i18next';
import { Link } from '../shared/router.ts';

/** The security center arrives with its own issue; until then /account says so and points to what helps now. */
export function AccountPlaceholder() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('account.title')}</h1>
      <p>{t('account.soon')}</p>
      <p className="notice">{t('account.meanwhile')}</p>
      <p><Link href="/contact">{t('nav.contact')}</Link></p>
    </>
  );
}
