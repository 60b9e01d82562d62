import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

export type Locale = 'en' | 'zh-CN';
export const locales: readonly Locale[] = ['zh-CN', 'en'];
const storageKey = 'walletdesk.locale';

function toLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

/**
 * The customer's own choice wins; then the browser's languages (what it sends as Accept-Language); then the
 * `lang` the server negotiated into the HTML; then English.
 */
export function detectLocale(): Locale {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(storageKey);
  } catch {
    // storage blocked (private mode, policy): fall through to the browser's languages
  }
  const fromBrowser = (navigator.languages ?? [navigator.language]).map(toLocale).find(Boolean);
  return toLocale(stored) ?? fromBrowser ?? toLocale(document.documentElement.lang) ?? 'en';
}

export async function setupI18n(resources: Resource): Promise<void> {
  const lng = detectLocale();
  document.documentElement.lang = lng;
  await i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
}

export async function chooseLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // the choice still applies to this page
  }
  document.documentElement.lang = locale;
  await i18next.changeLanguage(locale);
}

export function currentLocale(): Locale {
  return toLocale(i18next.language) ?? 'en';
}
