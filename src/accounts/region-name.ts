import type { AccountLocale } from './account-mail-texts.ts';

const names = new Map<AccountLocale, Intl.DisplayNames>();

/**
 * "Japan" / "日本" for the ISO 3166 code the GeoIP lookup gives: a customer reading a security mail should not have
 * to know that JP is Japan. Anything that is not a two-letter code, or a code without a name, is shown as it is.
 */
export function regionName(code: string | null, locale: AccountLocale): string | null {
  if (!code || !/^[A-Z]{2}$/i.test(code)) return code;
  let display = names.get(locale);
  if (!display) names.set(locale, (display = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' })));
  try {
    return display.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
