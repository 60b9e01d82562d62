import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('runs with zero set-up: SQLite in ./data and the contract defaults', () => {
    const c = loadConfig({});
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.databaseUrl).toBe(`sqlite:${path.resolve('data', 'walletdesk.sqlite')}`);
    expect(c.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(c.smtp).toEqual({
      host: '127.0.0.1',
      port: 2525,
      maxBytes: 26_214_400,
      limits: { connections: 500, connectionsPerIp: 50, connectionsPerMinutePerIp: 600, sessionMs: 600_000, commandsWithoutMessage: 20 },
    });
    expect(c.supportAddress).toBe('support@walletdesk.local');
    expect(c.relayUrl).toBeUndefined();
    expect(c.publicUrl).toBe('http://127.0.0.1:8080');
  });

  it('reads the contract names', () => {
    const c = loadConfig({
      WALLETDESK_DATA_DIR: '/srv/wd',
      DATABASE_URL: 'postgres://u@db:5432/wd',
      WALLETDESK_HTTP_PORT: '9000',
      WALLETDESK_SMTP_PORT: '25',
      WALLETDESK_SUPPORT_ADDRESS: 'Support@Wallet.Example',
      WALLETDESK_SUPPORT_ALIASES: 'help@wallet.example, 客服@wallet.example',
      WALLETDESK_SMTP_MAX_BYTES: '1048576',
      WALLETDESK_SMTP_RELAY: 'smtp://relay:587',
      WALLETDESK_PUBLIC_URL: 'https://help.wallet.example/',
    });
    expect(c.databaseUrl).toBe('postgres://u@db:5432/wd');
    expect(c.supportAddress).toBe('support@wallet.example');
    expect(c.acceptedAddresses).toEqual(['support@wallet.example', 'help@wallet.example', '客服@wallet.example']);
    expect(c.smtp.maxBytes).toBe(1_048_576);
    expect(c.publicUrl).toBe('https://help.wallet.example');
  });

  it('names every bad variable and what it expects, all at once', () => {
    let error: unknown;
    try {
      loadConfig({ WALLETDESK_HTTP_PORT: 'abc', WALLETDESK_SMTP_RELAY: 'ftp://x', WALLETDESK_SUPPORT_ADDRESS: 'not-an-address', DATABASE_URL: 'mysql://x' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/WALLETDESK_HTTP_PORT: .*number.*\(got "abc"\)/);
    expect(message).toMatch(/WALLETDESK_SMTP_RELAY: expected smtp:\/\/host:port/);
    expect(message).toMatch(/WALLETDESK_SUPPORT_ADDRESS: .*email/i);
    expect(message).toMatch(/DATABASE_URL: expected postgres:\/\/… or sqlite:PATH/);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('rejects out-of-range ports and sizes', () => {
    expect(() => loadConfig({ WALLETDESK_SMTP_PORT: '70000' })).toThrow(/WALLETDESK_SMTP_PORT/);
    expect(() => loadConfig({ WALLETDESK_SMTP_MAX_BYTES: '-5' })).toThrow(/WALLETDESK_SMTP_MAX_BYTES/);
  });
});

describe('IMAP source configuration', () => {
  it('is off by default and marks mail \\Seen', () => {
    const c = loadConfig({});
    expect(c.imapUrl).toBeUndefined();
    expect(c.imap).toEqual({ mark: { kind: 'seen' }, pollMs: 60_000, retryBaseMs: 1_000, retryMaxMs: 300_000 });
  });

  it('reads the mailbox URL, the mark and the timings', () => {
    const c = loadConfig({
      WALLETDESK_IMAP_URL: 'imaps://support%40wallet.example:p%40ss@imap.wallet.example/Support',
      WALLETDESK_IMAP_MARK: 'move:Processed/Desk',
      WALLETDESK_IMAP_POLL_MS: '30000',
      WALLETDESK_IMAP_RETRY_BASE_MS: '500',
      WALLETDESK_IMAP_RETRY_MAX_MS: '60000',
    });
    expect(c.imapUrl).toBe('imaps://support%40wallet.example:p%40ss@imap.wallet.example/Support');
    expect(c.imap).toEqual({ mark: { kind: 'move', folder: 'Processed/Desk' }, pollMs: 30_000, retryBaseMs: 500, retryMaxMs: 60_000 });
  });

  it('names bad IMAP settings and never repeats a password from a URL', () => {
    let error: unknown;
    try {
      loadConfig({ WALLETDESK_IMAP_URL: 'https://desk:s3cret-pw@mail.example/', WALLETDESK_IMAP_MARK: 'delete', WALLETDESK_IMAP_POLL_MS: 'soon' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/WALLETDESK_IMAP_URL: expected imap:\/\/user:pass@host:port\/MAILBOX or imaps:\/\/… \(got "https:\/\/desk:\*\*\*@mail.example\/"\)/);
    expect(message).toMatch(/WALLETDESK_IMAP_MARK: expected seen or move:FolderName/);
    expect(message).toMatch(/WALLETDESK_IMAP_POLL_MS: /);
    expect(message).not.toContain('s3cret-pw');
    expect(() => loadConfig({ WALLETDESK_IMAP_URL: 'imap://mail.example/INBOX' })).toThrow(/WALLETDESK_IMAP_URL: expected imap:\/\/user:pass@host/);
    expect(() => loadConfig({ WALLETDESK_IMAP_MARK: 'move:' })).toThrow(/WALLETDESK_IMAP_MARK/);
  });

  it('reads the console session settings, with the idle timeout in (possibly fractional) minutes', () => {
    expect(loadConfig({}).agentSessions).toEqual({ idleMs: 30 * 60_000, requireTotp: false, maxFailures: 10 });
    const c = loadConfig({ WALLETDESK_SESSION_IDLE_MINUTES: '0.5', WALLETDESK_AGENT_REQUIRE_TOTP: 'true', WALLETDESK_SIGNIN_MAX_FAILURES: '5' });
    expect(c.agentSessions).toEqual({ idleMs: 30_000, requireTotp: true, maxFailures: 5 });
    expect(() => loadConfig({ WALLETDESK_SESSION_IDLE_MINUTES: '0' })).toThrow(/WALLETDESK_SESSION_IDLE_MINUTES/);
    expect(() => loadConfig({ WALLETDESK_AGENT_REQUIRE_TOTP: 'yes' })).toThrow(/WALLETDESK_AGENT_REQUIRE_TOTP/);
    expect(() => loadConfig({ WALLETDESK_SIGNIN_MAX_FAILURES: '0' })).toThrow(/WALLETDESK_SIGNIN_MAX_FAILURES/);
  });
});
