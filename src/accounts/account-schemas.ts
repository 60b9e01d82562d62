import { z } from 'zod';

/** Shapes shared by the routes of /api/v1/account (they also generate the OpenAPI document). */
export const errorJson = z.object({ error: z.string(), message: z.string() });
export const lockedOutJson = errorJson.extend({ retry_after_seconds: z.number().int() });
export const localeJson = z.enum(['zh-CN', 'en']);
export const profileJson = z.object({ id: z.number().int(), email: z.string(), locale: localeJson, email_verified: z.boolean() });
export const emailInput = z.string().trim().max(320).pipe(z.email('not an email address'));
// Long enough for any passphrase, short enough that nobody makes us hash a megabyte.
export const passwordInput = z.string().min(1).max(1024);
