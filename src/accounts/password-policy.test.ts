import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.ts';

const policy = { minLength: 12, requireMix: false };
const email = 'li.na@customer.test';
const ruleOf = async (password: string, p = policy) => {
  const verdict = await checkPassword(password, email, p);
  return verdict.ok ? 'ok' : verdict.rule;
};

describe('the password policy (NIST 800-63B, OWASP ASVS 5)', () => {
  it('counts characters, not bytes or UTF-16 units, after NFKC', async () => {
    expect(await ruleOf('短密码也不行吧')).toBe('too_short');
    // 12 emoji are 24 UTF-16 units but 12 characters: long enough, and nothing a list or zxcvbn knows.
    expect(await ruleOf('🐉🦊🌙🍵🎋🧧🏮🐼🥟🎐🪁🀄')).toBe('ok');
    // Full-width letters fold to ASCII under NFKC, so they cannot dodge the list.
    expect(await ruleOf('ｐａｓｓｗｏｒｄ１２３４')).toBe('common');
  });

  it('refuses the shipped list\'s common passwords whatever their case, Chinese favourites included', async () => {
    for (const p of ['woaini5201314', 'WoAiNi1314520', 'qwertyuiop123', '1qaz2wsx3edc', '123456789012']) expect(await ruleOf(p), p).toBe('common');
  });

  it('refuses guessable passwords by zxcvbn score and the email\'s local part', async () => {
    expect(await ruleOf('abcabcabcabc')).toBe('common');
    expect(await ruleOf('abcabcabcabcabc')).toBe('weak');
    expect(await ruleOf('zzzzzzzzzzzzzzz')).toBe('weak');
    expect(await ruleOf('my name is li.na!!')).toBe('contains_email');
  });

  it('asks for letters, digits and symbols only when the operator turns the rule on', async () => {
    const passphrase = 'violet kettle harbour sings';
    expect(await ruleOf(passphrase)).toBe('ok');
    expect(await ruleOf(passphrase, { minLength: 12, requireMix: true })).toBe('composition');
    expect(await ruleOf('violet kettle harbour 42 sings', { minLength: 12, requireMix: true })).toBe('ok');
  });

  it('honours a longer operator minimum', async () => {
    expect(await ruleOf('violet kettle harbour', { minLength: 24, requireMix: false })).toBe('too_short');
  });
});
