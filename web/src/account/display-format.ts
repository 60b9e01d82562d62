import { currentLocale } from '../shared/i18n.ts';

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** "London, United Kingdom" from the offline GeoIP lookup; the country arrives as an ISO code. */
export function formatPlace(city: string | null | undefined, country: string | null | undefined): string {
  let countryName = country ?? '';
  if (country && /^[A-Z]{2}$/.test(country)) {
    try {
      countryName = new Intl.DisplayNames([currentLocale()], { type: 'region' }).of(country) ?? country;
    } catch {
      // an engine without region names: the code is still meaningful
    }
  }
  return [city, countryName].filter(Boolean).join(', ');
}

/** 1 d 02:03:04 — the time left until a withdrawal hold ends. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const clock = [Math.floor((total % 86_400) / 3600), Math.floor((total % 3600) / 60), total % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return days > 0 ? `${days} d ${clock}` : clock;
}
