import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Chinese text takes full-width punctuation (，。：；？！（）): an ASCII , : ; ? ! ( ) beside a Chinese character is a
 * typo a reader notices at once. This check reads what we ship to people — every string literal and JSX text in
 * src/ and web/src (not comments, not regular expressions), the help articles, JSON resources — and names every
 * such mark. Whitespace and placeholders ({{x}}, ${x}, {x}) between the mark and the Chinese character do not hide
 * it: `'编号 {{reference}}:'` is as wrong as `'编号:'`.
 */

const root = fileURLToPath(new URL('..', import.meta.url));

// Han characters and CJK/full-width punctuation: a mark next to `。` is inside Chinese text as much as next to `的`.
const CHINESE = /[\p{Script=Han}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]/u;
const ASCII_MARKS = new Set([',', ':', ';', '?', '!', '(', ')']);
// What sits between a mark and its neighbour without changing which language the mark belongs to.
const PLACEHOLDER = /^(\{\{[^{}]*\}\}|\$\{[^{}]*\}|\{[\w.]+\})/;
const PLACEHOLDER_BEFORE = /(\{\{[^{}]*\}\}|\$\{[^{}]*\}|\{[\w.]+\})$/;
// URLs and addresses keep their ASCII colons and slashes whatever surrounds them.
const URL_LIKE = /\b(?:https?|mailto):[\x21-\x7e]*/g;

type Hit = { where: string; mark: string; context: string };

/** The nearest character to one side of `index`, skipping spaces and placeholders. */
function neighbour(text: string, index: number, step: 1 | -1): string | undefined {
  let i = index;
  for (;;) {
    if (step === 1) {
      const rest = text.slice(i);
      const skip = /^\s+/.exec(rest)?.[0] ?? PLACEHOLDER.exec(rest)?.[0];
      if (skip) {
        i += skip.length;
        continue;
      }
      return text[i];
    }
    const before = text.slice(0, i + 1);
    const skip = /\s+$/.exec(before)?.[0] ?? PLACEHOLDER_BEFORE.exec(before)?.[0];
    if (skip) {
      i -= skip.length;
      continue;
    }
    return i >= 0 ? text[i] : undefined;
  }
}

/** Where the bracket pairing with the one at `index` is, or -1. */
function partner(text: string, index: number): number {
  const open = text[index] === '(';
  let depth = 0;
  for (let i = index; i >= 0 && i < text.length; i += open ? 1 : -1) {
    if (text[i] === '(') depth += open ? 1 : -1;
    else if (text[i] === ')') depth += open ? -1 : 1;
    if (depth === 0) return i;
  }
  return -1;
}

/**
 * The characters that decide which language a mark belongs to. A comma or colon belongs to the text on either side.
 * A bracket belongs to the sentence around its pair, so "Chinese body (简体中文)" is English; only where the pair
 * stands alone (a whole string in brackets) does its content decide.
 */
function deciding(text: string, i: number): (string | undefined)[] {
  const mark = text[i];
  if (mark !== '(' && mark !== ')') return [neighbour(text, i - 1, -1), neighbour(text, i + 1, 1)];
  const other = partner(text, i);
  const [open, close] = mark === '(' ? [i, other] : [other, i];
  const outside = [open >= 0 ? neighbour(text, open - 1, -1) : undefined, close >= 0 ? neighbour(text, close + 1, 1) : undefined];
  if (outside.some(Boolean)) return outside;
  return [neighbour(text, i - 1, -1), neighbour(text, i + 1, 1)];
}

/** Every ASCII mark beside Chinese text in one piece of human-readable text. */
export function asciiMarksBesideChinese(text: string): { mark: string; context: string }[] {
  if (!CHINESE.test(text)) return [];
  const plain = text.replace(URL_LIKE, (url) => 'u'.repeat(url.length));
  const hits: { mark: string; context: string }[] = [];
  for (let i = 0; i < plain.length; i++) {
    const mark = plain[i] as string;
    if (!ASCII_MARKS.has(mark)) continue;
    if (deciding(plain, i).some((c) => c !== undefined && CHINESE.test(c))) {
      hits.push({ mark, context: text.slice(Math.max(0, i - 12), i + 12).replace(/\s+/g, ' ') });
    }
  }
  return hits;
}

/** The texts of a TypeScript file a person may read: string literals, template text and JSX text. */
function shippedTexts(file: string, source: string): { line: number; text: string }[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const texts: { line: number; text: string }[] = [];
  const add = (node: ts.Node, text: string) => texts.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text });
  const visit = (node: ts.Node) => {
    // Module names, type-level strings and regular expressions built from strings are code, not text.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isLiteralTypeNode(node)) return;
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') return;
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(sf) === 'String.raw') return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isJsxText(node)) add(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      // The interpolations stand in as placeholders, so a mark after `${x}` is still judged by the text before it.
      add(node, node.head.text + node.templateSpans.map((s) => `\${x}${s.literal.text}`).join(''));
      node.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return texts;
}

const isTranslation = (node: ts.Node | undefined): boolean =>
  !!node && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 't';

/**
 * `{t('label')}: ` in JSX, or `${t('label')}: ` in a template: the mark sits outside the message, so Chinese gets
 * the ASCII one whatever the translation says. Such punctuation comes from web/src/shared/punctuation.ts instead.
 */
function marksAfterTranslations(file: string, source: string): { line: number; text: string }[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { line: number; text: string }[] = [];
  const startsWithMark = (text: string) => ASCII_MARKS.has(text.trimStart()[0] ?? '');
  const add = (node: ts.Node, text: string) => found.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text });
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && startsWithMark(node.text)) {
      const siblings = node.parent.getChildren(sf).flatMap((c) => (c.kind === ts.SyntaxKind.SyntaxList ? c.getChildren(sf) : [c]));
      const before = siblings[siblings.indexOf(node) - 1];
      if (before && ts.isJsxExpression(before) && isTranslation(before.expression)) add(node, `${before.getText(sf)}${node.text}`);
    }
    if (ts.isTemplateSpan(node) && isTranslation(node.expression) && startsWithMark(node.literal.text)) add(node, node.getText(sf));
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/**
 * An article's Markdown as a reader sees it: link targets, emphasis marks and code spans dropped (so `**标题**:`
 * is judged by 题), front-matter keys dropped.
 */
function markdownTexts(source: string): { line: number; text: string }[] {
  return source.split('\n').map((line, i) => ({
    line: i + 1,
    text: line
      .replace(/^(title|summary|order):/, '')
      .replace(/\]\([^)\s]*\)/g, ']')
      .replace(/`[^`]*`/g, 'code')
      .replace(/\*\*|__/g, ''),
  }));
}

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter(keep)
    .sort();
}

// Not shipped text: tests and their helpers, and the triage corpora, which are customers' own mail, as written.
const NOT_SHIPPED = [/\.test\.tsx?$/, /^src\/platform\/testing\//, /^src\/tickets\/triage\/corpus[^/]*\.ts$/];

function shippedFiles(): string[] {
  const shipped = (file: string) => !NOT_SHIPPED.some((p) => p.test(file.split(path.sep).join('/')));
  return [
    ...filesUnder('src', (f) => /\.(ts|tsx|md|json)$/.test(f) && shipped(f)),
    ...filesUnder('web/src', (f) => /\.(ts|tsx|json)$/.test(f) && shipped(f)),
  ];
}

function hitsIn(file: string): Hit[] {
  const source = fs.readFileSync(path.join(root, file), 'utf8');
  const texts = file.endsWith('.md')
    ? markdownTexts(source)
    : file.endsWith('.json')
      ? source.split('\n').map((text, i) => ({ line: i + 1, text }))
      : shippedTexts(file, source);
  return texts.flatMap(({ line, text }) => asciiMarksBesideChinese(text).map((h) => ({ where: `${file}:${line}`, ...h })));
}

describe('Chinese punctuation', () => {
  it('finds ASCII marks before or after Chinese, across spaces and placeholders, but not in URLs or times', () => {
    const marks = (text: string) => asciiMarksBesideChinese(text).map((h) => h.mark);
    expect(marks('我们已收到您的邮件:紧急')).toEqual([':']);
    expect(marks('您好,请稍候;谢谢!')).toEqual([',', ';', '!']);
    expect(marks('真的是我们吗?')).toEqual(['?']);
    expect(marks('双重认证(2FA)')).toEqual(['(', ')']);
    expect(marks('（选填）(可选)')).toEqual(['(', ')']);
    expect(marks('(可选)')).toEqual(['(', ')']);
    expect(marks('交易哈希(TxID),或截图')).toEqual(['(', ')', ',']);
    expect(marks('Chinese body (简体中文)')).toEqual([]);
    expect(marks('编号 {{reference}}: 请保留')).toEqual([':']);
    expect(marks('金额 ${x}, 网络 ${y}')).toEqual([',']);
    expect(marks(', 开头')).toEqual([',']);
    expect(marks('编号 {{reference}}：请保留，谢谢。')).toEqual([]);
    expect(marks('时间 10:30 之前')).toEqual([]);
    expect(marks('详见 https://desk.example/a?b=c;d 页面')).toEqual([]);
    expect(marks('Hello, world: (en)')).toEqual([]);
  });

  it('reads string literals, template text and JSX text, not comments, regular expressions or imports', () => {
    const texts = (source: string) => shippedTexts('x.tsx', source).map((t) => t.text);
    expect(texts("// 注释:不是文本\nconst a = '文本';\nconst r = /[，,]/;\nconst s = new RegExp(['(?:金额|数量)(?:是|:)'].join('|'));\nconst j = <p>你好</p>;\nconst t = `共 ${n} 条`;")).toEqual(['文本', '你好', '共 ${x} 条']);
  });

  it('finds punctuation written after a translated label, in JSX and in templates', () => {
    const found = (source: string) => marksAfterTranslations('x.tsx', source).length;
    expect(found("const a = <p>{t('state')}: <strong>on</strong></p>;")).toBe(1);
    expect(found("const b = <button>{t('resolve')} (e)</button>;")).toBe(1);
    expect(found('const c = `${t(\'frame\')}: ${subject}`;')).toBe(1);
    expect(found("const d = <p>{labelled(t('state'))}<strong>on</strong> (x)</p>;")).toBe(0);
  });

  it('no translated label in the web app is followed by punctuation of its own', () => {
    const files = shippedFiles().filter((f) => f.startsWith('web/src/') && /\.tsx?$/.test(f));
    const hits = files.flatMap((file) => marksAfterTranslations(file, fs.readFileSync(path.join(root, file), 'utf8')).map((h) => `${file}:${h.line}: ${h.text}`));
    expect(hits).toEqual([]);
  });

  it('no shipped string or article puts ASCII , : ; ? ! ( ) beside Chinese text', () => {
    const files = shippedFiles();
    // The scan really covers the apps, the mails and the articles.
    expect(files).toEqual(expect.arrayContaining(['src/helpcenter/articles/zh-CN/fees.md', 'web/src/help/messages.ts', 'src/accounts/account-mail-texts.ts']));
    expect(files.some((f) => f.includes('corpus'))).toBe(false);
    const hits = files.flatMap(hitsIn).map((h) => `${h.where}: ${h.mark} in “${h.context}”`);
    expect(hits).toEqual([]);
  });
});
