import type { TFunction } from 'i18next';
import { ApiError } from '../shared/api.ts';
import { currentLocale } from '../shared/i18n.ts';

type ErrorBody = { rule?: string; retry_after_seconds?: number; message?: string };

/**
 * What a customer reads when a call fails: our own words for the answers we expect, the server's message (which
 * names the field or rule) for the rest. Never a status code alone.
 */
export function errorText(err: unknown, t: TFunction<'account'>): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const body = (err.body ?? {}) as ErrorBody;
  if (err.status === 0) return t('errors.network');
  // The server's message names the rule with its settings (say the minimum length); it is worded in English, so
  // other languages put our translation of the rule first.
  if (err.code === 'weak_password') {
    const rule = body.rule && currentLocale() !== 'en' ? t(`rules.${body.rule}`, { defaultValue: '' }) : '';
    return rule ? `${rule}（${err.message}）` : err.message;
  }
  if (err.code === 'locked_out') {
    return t('errors.locked_out', { minutes: Math.max(1, Math.ceil((body.retry_after_seconds ?? 900) / 60)) });
  }
  const known = t(`errors.${err.code}`, { defaultValue: '' });
  if (known) return known;
  if (err.status === 404 && err.message.startsWith('no route')) return t('errors.not_available');
  return err.message;
}

export function isApiError(err: unknown, code: string): err is ApiError {
  return err instanceof ApiError && err.code === code;
}
