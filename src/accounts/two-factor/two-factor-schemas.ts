import { z } from 'zod';
import { methodsJson } from '../credential-answers.ts';
import { normalizeRecoveryCode } from './recovery-codes.ts';
import { E164 } from './account-sms.ts';

export const sixDigitCode = (from: string) => z.string().trim().regex(/^\d{6}$/, `expected the 6 digits ${from}`);

/** Where a code may be any second factor: a 6-digit TOTP or SMS code, or a recovery code. */
export const anySecondFactorCode = z
  .string()
  .trim()
  .max(64)
  .refine((code) => /^\d{6}$/.test(code) || normalizeRecoveryCode(code) !== undefined, 'expected a 6-digit code or a recovery code (xxxx-xxxx-xxxx)');

export const phoneInput = z.string().trim().max(32).regex(E164, 'expected a phone number in international E.164 form, such as +8613812345678');

/** Recovery codes come with the first factor; a later one brings a new set only when the customer asks. */
export const confirmBody = (code: z.ZodType<string>) => z.object({ code, new_recovery_codes: z.boolean().optional() });

export const recoveryCodesJson = z.object({ recovery_codes: z.array(z.string()).length(10) });
/** The second factors left after a change, as POST /login would list them. */
export const factorsJson = z.object({ methods: methodsJson });
export const confirmedJson = factorsJson.extend({ recovery_codes: z.array(z.string()).optional() });
