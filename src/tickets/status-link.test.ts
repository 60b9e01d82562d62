import { describe, expect, it } from 'vitest';
import { signStatusToken, STATUS_LINK_TTL_MS, verifyStatusToken } from './status-link.ts';

const SECRET = 'a test secret of at least thirty-two characters';

describe('status links', () => {
  it('a signed token gives back its ticket and contact until it expires', () => {
    const now = Date.UTC(2026, 10, 1);
    const token = signStatusToken(SECRET, { ticketId: 1042, contactId: 7 }, now);
    expect(verifyStatusToken(SECRET, token, now)).toMatchObject({ ticketId: 1042, contactId: 7 });
    expect(verifyStatusToken(SECRET, token, now + STATUS_LINK_TTL_MS - 1000)).toBeDefined();
    expect(verifyStatusToken(SECRET, token, now + STATUS_LINK_TTL_MS + 1000)).toBeUndefined();
  });

  it('any change to the token, or another secret, makes it worthless', () => {
    const token = signStatusToken(SECRET, { ticketId: 5, contactId: 9 });
    const [t, c, e, mac] = token.split('.') as [string, string, string, string];
    expect(verifyStatusToken(SECRET, `6.${c}.${e}.${mac}`)).toBeUndefined();
    expect(verifyStatusToken(SECRET, `${t}.a.${e}.${mac}`)).toBeUndefined();
    expect(verifyStatusToken(SECRET, `${t}.${c}.zzzzzz.${mac}`)).toBeUndefined();
    expect(verifyStatusToken(SECRET, `${t}.${c}.${e}.${mac.slice(0, 20)}${mac[20] === 'A' ? 'B' : 'A'}${mac.slice(21)}`)).toBeUndefined();
    expect(verifyStatusToken(`${SECRET}!`, token)).toBeUndefined();
    expect(verifyStatusToken(SECRET, '')).toBeUndefined();
    expect(verifyStatusToken(SECRET, 'x'.repeat(500))).toBeUndefined();
  });
});
