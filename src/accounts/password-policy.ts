import { readFileSync } from 'node:fs';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';

export type PasswordRule = 'too_short' | 'common' | 'weak' | 'composition' | 'contains_email';
export type PasswordVerdict = { ok: true } | { ok: false; rule: PasswordRule; message: string };
export type WeakPassword = Exclude<PasswordVerdict, { ok: true }>;
export type PasswordPolicy = { minLength: number; requireMix: boolean };

export function passwordPolicyOf(settings: { passwordMinLength: number; passwordRequireMix: boolean }): PasswordPolicy {
  return { minLength: settings.passwordMinLength, requireMix: settings.passwordRequireMix };
}

const commonPasswords = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#')),
);

// Building the dictionaries takes most of a second: done on the first check, not when the desk starts.
let zxcvbn: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return zxcvbn;
}

/**
 * NIST SP 800-63B §3.1.1.2 and OWASP ASVS 5 (V6.2): length counted in code points after NFKC, any Unicode, no
 * composition rules unless the operator turns them on, refusal of known-common passwords, and a strength estimate
 * (zxcvbn score ≥ 3, "safely unguessable") that catches what a list cannot: "Summer2024!Summer".
 */
export async function checkPassword(password: string, email: string, policy: PasswordPolicy): Promise<PasswordVerdict> {
  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  if (length < policy.minLength) {
    return { ok: false, rule: 'too_short', message: `password must have at least ${policy.minLength} characters (it has ${length})` };
  }
  const lower = normalized.toLowerCase();
  if (commonPasswords.has(lower)) {
    return { ok: false, rule: 'common', message: 'this password is on the list of the most common passwords' };
  }
  const localPart = email.split('@')[0]!.toLowerCase();
  if (localPart.length >= 3 && lower.includes(localPart)) {
    return { ok: false, rule: 'contains_email', message: 'password must not contain your email address' };
  }
  if (policy.requireMix && !(/\p{L}/u.test(normalized) && /\p{N}/u.test(normalized) && /[^\p{L}\p{N}]/u.test(normalized))) {
    return { ok: false, rule: 'composition', message: 'password must mix letters, digits and symbols' };
  }
  const estimate = await estimator().checkAsync(normalized, [localPart, 'walletdesk']);
  if (estimate.score < 3) {
    return { ok: false, rule: 'weak', message: 'password is too easy to guess: use a longer phrase of unrelated words' };
  }
  return { ok: true };
}
