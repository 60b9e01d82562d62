import type { Article, HelpLocale } from './load-articles.ts';
import { markdownToPlainText } from './render-markdown.ts';

// ICU's dictionary segmenter splits Chinese into words and Latin text at spaces and punctuation, in one pass.
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN = /\p{Script=Han}/u;

/**
 * The terms of a text: words (lower-cased, width-folded by NFKC) and, for Chinese, every two-character window too.
 * The segmenter's dictionary does not always cut a query the way it cut the article ("账户被盗" may come out as
 * 账户 / 被 / 盗); bigrams still match across such cuts, which is how Chinese search engines do it as well.
 */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  const normalized = text.normalize('NFKC').toLowerCase();
  let hanRun = '';
  const flushHan = () => {
    for (let i = 0; i + 1 < hanRun.length; i += 1) terms.push(hanRun.slice(i, i + 2));
    if (hanRun.length === 1) terms.push(hanRun);
    hanRun = '';
  };
  for (const { segment, isWordLike } of segmenter.segment(normalized)) {
    if (!isWordLike) {
      flushHan();
      continue;
    }
    if (HAN.test(segment)) {
      terms.push(segment);
      hanRun += segment;
    } else {
      flushHan();
      terms.push(segment);
      const stem = englishStem(segment);
      if (stem !== segment) terms.push(stem);
    }
  }
  flushHan();
  return terms;
}

/** Plural and verb endings off ("passwords" → "password", "restricted" → "restrict"): enough for short help texts. */
function englishStem(word: string): string {
  if (!/^[a-z]{5,}$/.test(word)) return word;
  return word.replace(/(ies)$/, 'y').replace(/(ing|ed|es|s)$/, (end, _m, offset: number) => (end === 's' && word[offset - 1] === 's' ? end : ''));
}

type IndexedArticle = { article: Article; fields: { terms: Set<string>; weight: number }[] };

export type SearchHit = { article: Article; score: number };

/** An in-memory index: a few dozen articles, so ranking is a direct weighted term match (title > summary > body). */
export class ArticleIndex {
  private readonly entries: IndexedArticle[];

  constructor(articles: Article[]) {
    this.entries = articles.map((article) => ({
      article,
      fields: [
        { terms: new Set(searchTerms(article.title)), weight: 5 },
        { terms: new Set(searchTerms(article.summary)), weight: 3 },
        { terms: new Set(searchTerms(markdownToPlainText(article.body))), weight: 1 },
      ],
    }));
  }

  search(query: string, locale: HelpLocale | undefined, limit = 10): SearchHit[] {
    const queryTerms = [...new Set(searchTerms(query).map(englishStem))].filter((t) => t.length > 1 || HAN.test(t));
    if (queryTerms.length === 0) return [];
    const hits: SearchHit[] = [];
    for (const { article, fields } of this.entries) {
      if (locale && article.locale !== locale) continue;
      let score = 0;
      let matched = 0;
      for (const term of queryTerms) {
        const best = Math.max(0, ...fields.map((f) => f.weight * termMatch(f.terms, term)));
        if (best > 0) matched += 1;
        score += best;
      }
      // Most of the query must be there: one shared common word is not a match.
      if (matched > 0 && matched >= Math.ceil(queryTerms.length / 2)) hits.push({ article, score: score * (matched / queryTerms.length) });
    }
    return hits.sort((a, b) => b.score - a.score || a.article.order - b.article.order).slice(0, limit);
  }
}

/** 1 for the exact term; 0.6 when a Latin query word starts a longer word ("password" → "passwords"). */
function termMatch(terms: Set<string>, term: string): number {
  if (terms.has(term)) return 1;
  if (term.length >= 4 && !HAN.test(term)) {
    for (const t of terms) if (t.startsWith(term)) return 0.6;
  }
  return 0;
}
