import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../shared/ErrorNotice.tsx';
import { currentLocale } from '../shared/i18n.ts';
import { Link } from '../shared/router.ts';
import { useApi } from '../shared/use-api.ts';

type Article = { slug: string; title: string; html: string };

export function ArticlePage({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const article = useApi<Article>(`/api/v1/help/articles/${encodeURIComponent(slug)}?locale=${encodeURIComponent(currentLocale())}`);
  return (
    <article className="article-body">
      <p><Link href="/">← {t('article.back')}</Link></p>
      {article.loading ? <p>{t('common.loading')}</p> : null}
      <ErrorNotice error={article.error} />
      {article.data ? (
        <>
          <h1>{article.data.title}</h1>
          {/* Our own articles, rendered from Markdown and sanitised by the server. */}
          <div dangerouslySetInnerHTML={{ __html: article.data.html }} />
        </>
      ) : null}
    </article>
  );
}
