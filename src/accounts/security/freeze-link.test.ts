import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFreezeToken, FREEZE_LINK_TTL_MS, freezeLinkUrl, verifyFreezeToken } from './freeze-link.ts';

const settings = { secret: 'test-secret-0123456789abcdef', publicUrl: 'https://desk.example/' };
const NOW = Date.UTC(2026, 10, 20);

describe('freeze links', () => {
  it('a token names its account until it expires seven days later', () => {
    const token = createFreezeToken(settings, 42, NOW);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyFreezeToken(settings, token, NOW)).toBe(42);
    expect(verifyFreezeToken(settings, token, NOW + FREEZE_LINK_TTL_MS - 1)).toBe(42);
    expect(verifyFreezeToken(settings, token, NOW + FREEZE_LINK_TTL_MS)).toBeUndefined();
  });

  it('a changed payload, a changed signature, another secret or garbage is refused', () => {
    const token = createFreezeToken(settings, 42, NOW);
    const [payload, sig] = token.split('.') as [string, string];
    const otherPayload = Buffer.from(JSON.stringify({ a: 43, p: 'freeze', e: NOW + FREEZE_LINK_TTL_MS })).toString('base64url');
    expect(verifyFreezeToken(settings, `${otherPayload}.${sig}`, NOW)).toBeUndefined();
    const flipped = sig.slice(0, -2) + (sig.at(-2) === 'A' ? 'B' : 'A') + sig.at(-1);
    expect(verifyFreezeToken(settings, `${payload}.${flipped}`, NOW)).toBeUndefined();
    expect(verifyFreezeToken({ secret: 'another-secret' }, token, NOW)).toBeUndefined();
    for (const junk of ['', '.', 'abc', `${payload}.`, `${payload}.${sig}.x`, `${token}x`]) {
      expect(verifyFreezeToken(settings, junk, NOW), junk).toBeUndefined();
    }
  });

  it('an HMAC of the payload under the bare desk secret (made for another purpose) is not a valid signature', () => {
    const payload = createFreezeToken(settings, 42, NOW).split('.')[0] as string;
    const otherPurpose = createHmac('sha256', settings.secret).update(payload).digest('base64url');
    expect(verifyFreezeToken(settings, `${payload}.${otherPurpose}`, NOW)).toBeUndefined();
  });

  it('the link points at the freeze page of the public URL', () => {
    const url = new URL(freezeLinkUrl(settings, 7, NOW));
    expect(url.origin + url.pathname).toBe('https://desk.example/account/freeze');
    expect(verifyFreezeToken(settings, url.searchParams.get('token') ?? '', NOW)).toBe(7);
  });
});
