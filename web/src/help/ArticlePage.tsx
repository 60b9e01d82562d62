import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api.ts';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import { currentLocale } from '../shared/i18n.ts';
import { NotFound } from '../shared/NotFound.tsx';
import { Link, navigate } from '../shared/router.ts';
import { useApi } from '../shared/use-api.ts';

type Article = { slug: string; title: string; html: string };

/**
 * Links inside an article are plain <a> elements in server-rendered HTML; a plain click on one of ours navigates in
 * place like every other link of the app (keeping the chosen language without a reload), anything else is left alone.
 */
function followInPlace(event: MouseEvent<HTMLDivElement>) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element).closest('a');
  if (!anchor || anchor.target || anchor.origin !== location.origin) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}

export function ArticlePage({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const article = useApi<Article>(`/api/v1/help/articles/${encodeURIComponent(slug)}?locale=${encodeURIComponent(currentLocale())}`);
  return (
    <article className="article-body">
      <p><Link href="/">← {t('article.back')}</Link></p>
      {article.loading ? <p>{t('common.loading')}</p> : null}
      {article.error instanceof ApiError && article.error.status === 404 ? <NotFound text={t('article.notFound')} /> : <ErrorNotice error={article.error} />}
      {article.data ? (
        <>
          <h1>{article.data.title}</h1>
          {/* Our own articles, rendered from Markdown and sanitised by the server. */}
          <div onClick={followInPlace} dangerouslySetInnerHTML={{ __html: article.data.html }} />
        </>
      ) : null}
    </article>
  );
}
