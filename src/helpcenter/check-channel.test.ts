import { describe, expect, it } from 'vitest';
import { checkChannel, officialChannelsOf } from './check-channel.ts';

const official = officialChannelsOf('support@walletdesk.local', ['help@walletdesk.local'], 'https://desk.walletdesk.io');
const check = (input: string) => checkChannel(input, official);

describe('official-channel checker', () => {
  it.each([
    ['support@walletdesk.local', 'email', 'support_address'],
    ['SUPPORT@WalletDesk.LOCAL.', 'email', 'support_address'],
    ['mailto:Support@walletdesk.local?subject=help', 'email', 'support_address'],
    ['<help@walletdesk.local>', 'email', 'support_address'],
    ['walletdesk.local', 'domain', 'official_domain'],
    ['WWW.WalletDesk.Local..', 'domain', 'official_subdomain'],
    ['desk.walletdesk.io', 'domain', 'official_domain'],
    ['https://walletdesk.local/help?x=1', 'url', 'official_domain'],
    ['https://status.desk.walletdesk.io/', 'url', 'official_subdomain'],
    ['desk.walletdesk.io/status/abc', 'url', 'official_domain'],
  ])('%s is official', (input, kind, reason) => {
    expect(check(input)).toMatchObject({ verdict: 'official', kind, reason });
  });

  it('normalises case, trailing dots and mailto: before comparing', () => {
    expect(check('mailto:SUPPORT@WALLETDESK.LOCAL.').normalized).toBe('support@walletdesk.local');
    expect(check('WalletDesk.Local.').normalized).toBe('walletdesk.local');
  });

  it.each([
    // Cyrillic ѕ (U+0455) in the mailbox name, Cyrillic е (U+0435) in the domain.
    ['\u0455upport@walletdesk.local', 'email', 'lookalike_letters'],
    ['support@wall\u0435tdesk.local', 'email', 'lookalike_letters'],
    ['wall\u0435tdesk.local', 'domain', 'lookalike_letters'],
    ['xn--walltdesk-j0h.local', 'domain', 'lookalike_letters'],
    ['https://xn--walltdesk-j0h.local/login', 'url', 'lookalike_letters'],
    ['wa11etdesk.local', 'domain', 'lookalike_letters'],
    ['walletdesk-support.com', 'domain', 'lookalike_name'],
    ['support@walletdesk-support.com', 'email', 'lookalike_name'],
    ['walletdesk.local.evil.com', 'domain', 'lookalike_name'],
    ['evilwalletdesk.local', 'domain', 'lookalike_name'],
    ['https://walletdesk.local@evil.com/login', 'url', 'hidden_destination'],
    ['https://support:x@walletdesk.local/', 'url', 'hidden_destination'],
    ['ceo@walletdesk.local', 'email', 'not_support_address'],
    ['support@gmail.com', 'email', 'unknown'],
    ['example.com', 'domain', 'unknown'],
    ['javascript:alert(1)', 'url', 'unsupported_scheme'],
  ])('%s is not official (%s, %s)', (input, kind, reason) => {
    const result = check(input);
    expect(result).toMatchObject({ verdict: 'not_official', kind, reason });
    expect(result.advice_en).toMatch(/never give it your password, recovery phrase/);
    expect(result.advice_en).toContain('support@walletdesk.local');
    expect(result.advice_zh).toContain('助记词');
    expect(result.advice_zh).toContain('support@walletdesk.local');
  });

  it('a backslash in a link is a slash to a browser: the host is the part before it', () => {
    expect(check('https://evil.com\\@walletdesk.local')).toMatchObject({ verdict: 'not_official', normalized: 'https://evil.com/@walletdesk.local' });
  });

  it('names the official domain a look-alike imitates', () => {
    expect(check('wall\u0435tdesk.local').imitates).toBe('walletdesk.local');
    expect(check('\u0455upport@walletdesk.local').imitates).toBe('support@walletdesk.local');
  });

  it.each(['', '   ', 'hello', 'not a domain', 'support@', '@walletdesk.local', 'a..b.com', 'https://', 'x'.repeat(3000)])('%j is invalid', (input) => {
    expect(check(input).verdict).toBe('invalid');
  });

  it('even official channels come with the reminder that we never ask for secrets', () => {
    expect(check('support@walletdesk.local').advice_en).toMatch(/never ask for your password/);
    expect(check('support@walletdesk.local').advice_zh).toMatch(/绝不会向您索要密码/);
  });
});
