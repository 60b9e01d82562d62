import { currentLocale } from './i18n.ts';

/**
 * Punctuation that joins translated text to what follows it. It belongs to the language, not to the markup:
 * "状态：开" and "Status: on", "经过、时间" and "steps, time". Writing `{t('x')}: ` in JSX would give Chinese an
 * ASCII colon (src/chinese-punctuation.test.ts looks for exactly that).
 */
export function labelled(label: string): string {
  return currentLocale() === 'zh-CN' ? `${label}：` : `${label}: `;
}

export function listed(items: readonly string[]): string {
  return items.join(currentLocale() === 'zh-CN' ? '、' : ', ');
}

/** "（email）" or " (email)": an aside in brackets of the reader's language. */
export function aside(text: string): string {
  return currentLocale() === 'zh-CN' ? `（${text}）` : ` (${text})`;
}
