import { useTranslation } from 'react-i18next';
import { chooseLocale, currentLocale, locales, type Locale } from './i18n.ts';

const names: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

export function LanguageSwitch() {
  const { t } = useTranslation();
  const active = currentLocale();
  return (
    <nav className="language-switch" aria-label={t('common.language')}>
      {locales.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={locale === active}
          onClick={() => void chooseLocale(locale)}
        >
          {names[locale]}
        </button>
      ))}
    </nav>
  );
}
