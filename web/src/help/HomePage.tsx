import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import { currentLocale } from '../shared/i18n.ts';
import { Link, navigate, useLocation } from '../shared/router.ts';
import { useApi } from '../shared/use-api.ts';
import { labelled, listed } from '../shared/punctuation.ts';
import { useHelpConfig } from './use-help-config.ts';

type ArticleSummary = { slug: string; title: string; summary: string };

function ArticleList({ items }: { items: ArticleSummary[] }) {
  return (
    <ul className="article-list">
      {items.map((a) => (
        <li key={a.slug}>
          <Link href={`/articles/${encodeURIComponent(a.slug)}`}>{a.title}</Link>
          <p>{a.summary}</p>
        </li>
      ))}
    </ul>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const config = useHelpConfig();
  const articles = useApi<{ items: ArticleSummary[] }>(`/api/v1/help/articles?locale=${encodeURIComponent(locale)}`);
  const results = useApi<{ items: ArticleSummary[] }>(q ? `/api/v1/help/search?q=${encodeURIComponent(q)}&locale=${encodeURIComponent(locale)}` : null);

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    navigate(draft.trim() ? `/?q=${encodeURIComponent(draft.trim())}` : '/');
  };

  return (
    <>
      <h1>{t('home.title')}</h1>
      <section className="panel" aria-labelledby="support-heading">
        <p id="support-heading" className="support-address">
          {t('home.supportAddress')}{' '}
          {config.data ? <strong data-testid="support-address">{config.data.support_address}</strong> : null}
        </p>
        {config.data && config.data.aliases.length > 0 ? (
          <p className="hint">{labelled(t('home.aliasesToo'))}{listed(config.data.aliases)}</p>
        ) : null}
        <p>{t('home.replyTime')}</p>
        <p className="notice">{t('home.scamWarning')} <Link href="/check">{t('nav.checker')}</Link></p>
        <ErrorNotice error={config.error} />
      </section>
      <form className="search-form" role="search" onSubmit={onSearch}>
        <label htmlFor="help-search" className="visually-hidden">{t('home.searchLabel')}</label>
        <input id="help-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t('home.searchLabel')} />
        <button type="submit">{t('home.searchButton')}</button>
      </form>
      {q ? (
        <section aria-labelledby="results-heading" aria-live="polite">
          <h2 id="results-heading">{t('home.results')}</h2>
          <ErrorNotice error={results.error} />
          {results.data && results.data.items.length === 0 ? <p>{t('home.noResults')}</p> : null}
          {results.data ? <ArticleList items={results.data.items} /> : null}
        </section>
      ) : null}
      <section aria-labelledby="articles-heading">
        <h2 id="articles-heading">{t('home.articles')}</h2>
        {articles.loading ? <p>{t('common.loading')}</p> : null}
        <ErrorNotice error={articles.error} />
        {articles.data ? <ArticleList items={articles.data.items} /> : null}
      </section>
    </>
  );
}
