import { describe, expect, it } from 'vitest';
import { checkChannel, officialChannelsOf } from './check-channel.ts';

const official = officialChannelsOf('support@walletdesk.local', ['help@walletdesk.local'], 'https://desk.walletdesk.io');
const check = (input: string) => checkChannel(input, official);

describe('the official-channel checker is not fooled by', () => {
  it.each([
    'mailto:support@walletdesk.local?cc=attacker@evil.com',
    'mailto:support@walletdesk.local?CC=attacker@evil.com',
    'mailto:support@walletdesk.local?bcc=attacker@evil.com',
    'mailto:support@walletdesk.local?subject=hi&Bcc=attacker@evil.com',
    'mailto:support@walletdesk.local?to=attacker@evil.com',
    'mailto:?to=support@walletdesk.local&cc=attacker@evil.com',
    'mailto:support@walletdesk.local,attacker@evil.com',
    'mailto:support@walletdesk.local;attacker@evil.com',
    'mailto:support@walletdesk.local%2Cattacker@evil.com',
    'mailto:support@walletdesk.local%2cattacker%40evil.com',
    'mailto:support%40walletdesk.local?%63%63=attacker%40evil.com',
    'mailto:support@walletdesk.local?reply-to=attacker@evil.com',
    'mailto:support@walletdesk.local?body=Verify%20at%20https%3A%2F%2Fevil.com%2Funlock',
    'mailto:support@walletdesk.local?subject=Unlock%20at%20www.evil.com',
    'mailto:support@walletdesk.local?body=write%20to%20attacker%40evil.com',
    'mailto:support@walletdesk.local?subject=see%20evil.com%2Flogin',
    'mailto:support@walletdesk.local#cc=attacker@evil.com',
  ])('extra recipients or prefilled links in a mailto link: %s', (input) => {
    const result = check(input);
    expect(result.verdict).not.toBe('official');
    expect(['extra_recipients', 'prefilled_content', 'malformed']).toContain(result.reason);
  });

  it('names the trick: extra recipients, or content we never prefill', () => {
    expect(check('mailto:support@walletdesk.local?cc=attacker@evil.com')).toMatchObject({ verdict: 'not_official', kind: 'email', reason: 'extra_recipients' });
    expect(check('mailto:support@walletdesk.local?body=https%3A%2F%2Fevil.com')).toMatchObject({ verdict: 'not_official', kind: 'email', reason: 'prefilled_content' });
    expect(check('mailto:support@walletdesk.local?cc=attacker@evil.com').advice_zh).toMatch(/抄送/);
  });

  it('a mailto link with a plain subject or body is still ours', () => {
    expect(check('mailto:support@walletdesk.local?subject=%E6%8F%90%E7%8E%B0%E5%A4%B1%E8%B4%A5').verdict).toBe('official');
    expect(check('mailto:help@walletdesk.local?subject=help&body=my%20withdrawal%20failed').verdict).toBe('official');
    expect(check('mailto:support%40walletdesk.local').verdict).toBe('official');
  });

  it('a "+" in a mailto link is part of the address, as mail clients read it', () => {
    expect(check('mailto:support+refund@walletdesk.local')).toMatchObject({ verdict: 'not_official', normalized: 'support+refund@walletdesk.local', reason: 'not_support_address' });
  });

  it.each([
    'support@walletdesk.local?cc=attacker@evil.com',
    'support@walletdesk.local,attacker@evil.com',
    'support@walletdesk.local attacker@evil.com',
    '"support@walletdesk.local"@evil.com',
    'support@walletdesk.local@evil.com',
    'support%walletdesk.local@evil.com',
    'support@walletdesk.local\\@evil.com',
    'support@[127.0.0.1]',
  ])('an address that routes elsewhere: %s', (input) => {
    expect(check(input).verdict).not.toBe('official');
  });

  it.each([
    'https://walletdesk.local@evil.com',
    'https://walletdesk.local:443@evil.com/',
    'https://@walletdesk.local/',
    'https://walletdesk.local%40evil.com/',
    'https://evil.com%2F@walletdesk.local',
    'https://walletdesk.local\\@evil.com',
    'https://walletdesk.local\\.evil.com/',
    'https:\\\\walletdesk.local/',
    'https://%77alletdesk.local/',
    'https://walletdesk%2Elocal/',
    'https://ｗalletdesk.local/',
    'https://walletdesk．local/',
    'https://wallet\u200Bdesk.local/',
    'https://walletdesk.local\u200B/',
    'https://wallet\u00ADdesk.local/',
    '\u202Ehttps://walletdesk.local',
    'https://wallet\uFEFFdesk.local/',
    'https://wall\u0435tdesk.local/',
    'https://xn--walltdesk-j0h.local/',
    'https://walletdesk.local.evil.com/',
    'https://walletdesk.local..evil.com/',
    'https://2130706433/',
    'https://127.0.0.1/',
    'https://[::1]/',
    'https://0x7f.1/',
    'data:text/html;base64,PHNjcmlwdD4=',
    'javascript:alert("support@walletdesk.local")',
    'JaVaScRiPt:alert(1)',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://walletdesk.local/',
    'blob:https://walletdesk.local/1234',
    'intent://walletdesk.local#Intent;scheme=https;end',
  ])('a link that is not what it seems: %s', (input) => {
    expect(check(input).verdict).not.toBe('official');
  });

  it.each([
    'wallet\u200Bdesk.local',
    'walletdesk.local\u200D',
    'ｗalletdesk.local',
    'walletdesk。local',
    'wall\u0435tdesk.local',
    'support@wallet\u200Cdesk.local',
    'support@walletdesk．local',
    'ｓupport@walletdesk.local',
    's\u200Bupport@walletdesk.local',
  ])('a name with invisible or look-alike characters: %s', (input) => {
    expect(check(input).verdict).not.toBe('official');
  });

  it('names invisible characters as the trick', () => {
    expect(check('https://wallet\u200Bdesk.local/')).toMatchObject({ verdict: 'not_official', reason: 'hidden_characters' });
  });

  it('calls an obfuscated host (percent-encoded, a number for an IP) what it is, not ours', () => {
    expect(check('https://%77alletdesk.local/')).toMatchObject({ verdict: 'not_official', reason: 'obfuscated_host' });
  });

  it.each([
    'https://walletdesk.local/',
    'HTTPS://WalletDesk.Local./help',
    'https://walletdesk.local:443/help?q=1#top',
    'https://walletdesk.local/#@evil.com',
    'walletdesk.local',
    'walletdesk.local:443',
    'desk.walletdesk.io/status/abc',
    'support@walletdesk.local',
    '<mailto:support@walletdesk.local>',
  ])('while the real thing stays official: %s', (input) => {
    expect(check(input).verdict).toBe('official');
  });
});
