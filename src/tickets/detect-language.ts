export type Locale = 'zh-CN' | 'en';

/**
 * 简体中文 when the text is mostly Chinese, else English. One Han character carries about as much as one
 * English word, so characters are weighed against words; a Chinese mail with an English signature stays Chinese.
 */
export function detectLanguage(...parts: string[]): Locale {
  const text = parts.join('\n');
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = text.match(/\p{Script=Latin}{2,}/gu)?.length ?? 0;
  return han > 0 && han >= latinWords ? 'zh-CN' : 'en';
}
