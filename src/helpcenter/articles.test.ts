import { describe, expect, it } from 'vitest';
import { HELP_LOCALES, loadArticles, parseArticle } from './load-articles.ts';
import { renderMarkdown } from './render-markdown.ts';
import { ArticleIndex, searchTerms } from './search-articles.ts';

const articles = loadArticles();
const TOPICS = [
  'contact-support',
  'account-stolen',
  'security-measures',
  'spot-fake-support',
  'update-personal-information',
  'restricted-account',
  'fees',
  'response-times',
];

describe('help articles', () => {
  it.each(TOPICS.flatMap((slug) => HELP_LOCALES.map((locale) => [slug, locale] as const)))('%s exists in %s', (slug, locale) => {
    const article = articles.find((a) => a.slug === slug && a.locale === locale);
    expect(article).toBeDefined();
    expect(article?.title.length).toBeGreaterThan(1);
    expect(article?.summary.length).toBeGreaterThan(10);
  });

  it('every article is in both languages, and none names the seed’s mailbox', () => {
    for (const locale of HELP_LOCALES) expect(articles.filter((a) => a.locale === locale).map((a) => a.slug).sort()).toEqual([...TOPICS].sort());
    for (const a of articles) expect(`${a.title}${a.summary}${a.body}`).not.toMatch(/bitpai|比特派/i);
  });

  it('articles say what the seed says: 24 hours, 12 characters, SMS weaker than an app, ID documents only through the portal', () => {
    const text = (slug: string, locale: string) => articles.find((a) => a.slug === slug && a.locale === locale)?.body ?? '';
    expect(text('response-times', 'en')).toMatch(/24 hours/);
    expect(text('response-times', 'zh-CN')).toMatch(/24 小时/);
    expect(text('security-measures', 'en')).toMatch(/at least 12 characters/);
    expect(text('security-measures', 'zh-CN')).toMatch(/至少 12 个字符/);
    expect(text('security-measures', 'en')).toMatch(/prefer the app/);
    expect(text('update-personal-information', 'en')).toMatch(/only ever uploaded through your signed-in account portal, never sent by mail/);
    expect(text('update-personal-information', 'zh-CN')).toMatch(/只能通过登录后的账户门户上传，绝不通过邮件发送/);
    expect(text('fees', 'en')).toMatch(/shown before you confirm/);
  });

  it('renders to HTML without script, even from hostile Markdown', () => {
    for (const a of articles) {
      const html = renderMarkdown(a.body);
      expect(html).toMatch(/<p>/);
      expect(html).not.toMatch(/<script|javascript:|onerror=/i);
    }
    const hostile = renderMarkdown('# Hi <script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n- **bold** `code`');
    expect(hostile).not.toMatch(/<script|<img|href="javascript/i);
    expect(hostile).toContain('&lt;script&gt;');
    expect(hostile).toContain('<strong>bold</strong>');
  });

  it('front matter without a title is refused', () => {
    expect(() => parseArticle('---\nsummary: x\n---\nbody', 'x.md')).toThrow(/title/);
    expect(parseArticle('---\ntitle: "A: B"\nsummary: S\norder: 3\n---\nBody', 'x.md')).toMatchObject({ title: 'A: B', summary: 'S', order: 3, body: 'Body' });
  });
});

describe('help search', () => {
  const index = new ArticleIndex(articles);
  const top = (q: string, locale: 'zh-CN' | 'en') => index.search(q, locale)[0]?.article.slug;

  it('finds Chinese words, however the segmenter cuts them', () => {
    expect(top('账户被盗', 'zh-CN')).toBe('account-stolen');
    expect(top('手续费', 'zh-CN')).toBe('fees');
    expect(top('双重认证', 'zh-CN')).toBe('security-measures');
    expect(top('钓鱼', 'zh-CN')).toBe('spot-fake-support');
    expect(top('账户被限制', 'zh-CN')).toBe('restricted-account');
    expect(top('多久回复', 'zh-CN')).toBe('response-times');
    expect(top('修改手机号', 'zh-CN')).toBe('update-personal-information');
  });

  it('finds English words, plural or not, in any case', () => {
    expect(top('stolen account', 'en')).toBe('account-stolen');
    expect(top('FEES', 'en')).toBe('fees');
    expect(top('passwords', 'en')).toBe('security-measures');
    expect(top('phishing', 'en')).toBe('spot-fake-support');
    expect(top('restricted', 'en')).toBe('restricted-account');
    expect(top('change phone number', 'en')).toBe('update-personal-information');
  });

  it('returns nothing for words in no article, and stays in the asked language', () => {
    expect(index.search('zzzqqq', 'en')).toEqual([]);
    expect(index.search('手续费', 'en')).toEqual([]);
  });

  it('splits Chinese into words and two-character windows, English into lower-case words', () => {
    expect(searchTerms('账户被盗')).toEqual(expect.arrayContaining(['账户', '户被', '被盗']));
    expect(searchTerms('Two-Factor 2FA')).toEqual(expect.arrayContaining(['two', 'factor', '2fa']));
  });
});
