import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HELP_LOCALES = ['zh-CN', 'en'] as const;
export type HelpLocale = (typeof HELP_LOCALES)[number];

export type Article = { slug: string; locale: HelpLocale; title: string; summary: string; order: number; body: string };

const ARTICLES_DIR = fileURLToPath(new URL('./articles/', import.meta.url));

/**
 * The help articles are content, not code: Markdown files in articles/<locale>/<slug>.md with a small front matter
 * (title, summary, order). Both languages share slugs, so a page can switch language without losing its place.
 */
export function loadArticles(dir = ARTICLES_DIR): Article[] {
  const articles: Article[] = [];
  for (const locale of HELP_LOCALES) {
    const folder = path.join(dir, locale);
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.md')).sort()) {
      const slug = file.slice(0, -'.md'.length);
      articles.push({ slug, locale, ...parseArticle(fs.readFileSync(path.join(folder, file), 'utf8'), `${locale}/${file}`) });
    }
  }
  return articles.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

/** Front matter is `key: value` lines between `---` fences; a missing title or summary is a build mistake, so it throws. */
export function parseArticle(source: string, name: string): Omit<Article, 'slug' | 'locale'> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(source.replace(/^\uFEFF/, ''));
  if (!match) throw new Error(`${name}: missing front matter`);
  const fields = new Map<string, string>();
  for (const line of (match[1] as string).split(/\r?\n/)) {
    const kv = /^(\w+):\s*(.*)$/.exec(line);
    if (kv) fields.set(kv[1] as string, (kv[2] as string).trim().replace(/^(["'])(.*)\1$/, '$2'));
  }
  const title = fields.get('title');
  const summary = fields.get('summary');
  if (!title || !summary) throw new Error(`${name}: front matter needs title and summary`);
  const order = Number(fields.get('order') ?? 100);
  return { title, summary, order: Number.isFinite(order) ? order : 100, body: (match[2] as string).trim() };
}
