export type Locale = 'zh-CN' | 'en';

const MAX_CHARS = 20_000;

/**
 * 简体中文 when the text is mostly Chinese, else English. One Han character carries about as much as one
 * English word, so characters are weighed against words; a Chinese mail with an English signature stays Chinese.
 */
export function detectLanguage(...parts: string[]): Locale {
  // The language shows in the first few KB; counting a megabyte of characters would only cost time.
  const text = parts.map((p) => p.slice(0, MAX_CHARS)).join('\n').slice(0, MAX_CHARS);
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = text.match(/\p{Script=Latin}{2,}/gu)?.length ?? 0;
  return han > 0 && han >= latinWords ? 'zh-CN' : 'en';
}
