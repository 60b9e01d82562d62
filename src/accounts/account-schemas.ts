import { z } from 'zod';

/** Shapes shared by the routes of /api/v1/account (they also generate the OpenAPI document). */
export const errorJson = z.object({ error: z.string(), message: z.string() });
export const lockedOutJson = errorJson.extend({ retry_after_seconds: z.number().int() });
export const localeJson = z.enum(['zh-CN', 'en']);
export const profileJson = z.object({ id: z.number().int(), email: z.string(), locale: localeJson, email_verified: z.boolean() });
export const emailInput = z.string().trim().max(320).pipe(z.email('not an email address'));
// Long enough for any passphrase, short enough that nobody makes us hash a megabyte.
export const passwordInput = z.string().min(1).max(1024);

/** A time, as every part of the API gives it: ISO 8601 in UTC with milliseconds ("2026-12-04T18:00:00.000Z"). */
export const isoTimeJson = z.iso.datetime().describe('ISO 8601 time in UTC');
/**
 * A time as the first release of the account API gave it, in epoch milliseconds: kept for one more release
 * beside its ISO twin (`<name>_iso`), then removed.
 */
export const epochMsJson = (name: string) =>
  z.number().describe(`epoch milliseconds; deprecated, use ${name}_iso (ISO 8601) instead: this field goes in the next release`).meta({ deprecated: true });
export const isoTime = (epochMs: number): string => new Date(epochMs).toISOString();
