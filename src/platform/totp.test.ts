import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { matchTotpCode, newTotpEnrolment } from './totp.ts';

describe('TOTP codes', () => {
  it('matches a current code once its step is past the last one claimed, and refuses it after', async () => {
    const { secret } = await newTotpEnrolment('someone@example.com');
    const now = Date.now();
    const code = await generate({ secret, epoch: Math.floor(now / 1000) });
    const step = await matchTotpCode(secret, code, null, now);
    expect(step).toBe(Math.floor(now / 30_000));
    expect(await matchTotpCode(secret, code, step ?? null, now)).toBeUndefined();
  });

  it('answers no, not an error, when the last claimed step is ahead of the clock', async () => {
    const { secret } = await newTotpEnrolment('someone@example.com');
    const now = Date.now();
    const code = await generate({ secret, epoch: Math.floor(now / 1000) });
    const ahead = Math.floor(now / 30_000) + 40;
    await expect(matchTotpCode(secret, code, ahead, now)).resolves.toBeUndefined();
  });

  it('refuses malformed codes without asking the library', async () => {
    const { secret } = await newTotpEnrolment('someone@example.com');
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 456']) expect(await matchTotpCode(secret, bad, null)).toBeUndefined();
  });
});
