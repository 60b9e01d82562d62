import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shared/LanguageSwitch.tsx';
import { Link, useLocation } from '../shared/router.ts';
import { NotFound } from '../shared/NotFound.tsx';
import { AccountPages } from '../account/AccountPages.tsx';
import { ArticlePage } from './ArticlePage.tsx';
import { ChannelChecker } from './ChannelChecker.tsx';
import { ContactForm } from './ContactForm.tsx';
import { HomePage } from './HomePage.tsx';
import { StatusPage } from './StatusPage.tsx';

function Page({ path }: { path: string }) {
  const { t } = useTranslation();
  const article = /^\/articles\/([^/]+)$/.exec(path);
  if (article?.[1]) return <ArticlePage slug={decodeURIComponent(article[1])} />;
  const status = /^\/status\/([^/]+)$/.exec(path);
  if (status?.[1]) return <StatusPage token={decodeURIComponent(status[1])} />;
  if (path === '/check') return <ChannelChecker />;
  if (path === '/contact') return <ContactForm />;
  if (path === '/account' || path.startsWith('/account/')) return <AccountPages />;
  if (path === '/') return <HomePage />;
  // Not the home page: a mistyped or stale link must say it leads nowhere.
  return <NotFound text={t('common.notFound')} />;
}

export function HelpApp() {
  const { t } = useTranslation();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After an in-page navigation, focus moves to the new content, as it would on a full page load.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);
  return (
    <>
      <a className="skip-link" href="#main">{t('common.skip')}</a>
      <header className="site-header">
        <Link className="brand" href="/">{t('common.brand')}</Link>
        <nav className="site-nav" aria-label={t('common.brand')}>
          <Link href="/" aria-current={path === '/' ? 'page' : undefined}>{t('nav.home')}</Link>
          <Link href="/check" aria-current={path === '/check' ? 'page' : undefined}>{t('nav.checker')}</Link>
          <Link href="/contact" aria-current={path === '/contact' ? 'page' : undefined}>{t('nav.contact')}</Link>
          <Link href="/account" aria-current={path.startsWith('/account') ? 'page' : undefined}>{t('nav.account')}</Link>
        </nav>
        <LanguageSwitch />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page path={path} />
      </main>
    </>
  );
}
