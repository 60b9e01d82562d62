import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { EncryptionKeyError, keyIdOf, loadOrCreateEncryptionKey, openBytes, openText, parseEncryptionKey, sealText, useEncryptionKey } from './encryption.ts';
import { tempDir } from './testing/test-database.ts';

describe('secrets sealed at rest', () => {
  it('seal as v1:KEYID:base64 with a fresh nonce each time, and open only for the same row and column', () => {
    const key = randomBytes(32);
    useEncryptionKey(key);
    const a = sealText('JBSWY3DPEHPK3PXP', 'agents.totp_secret:1');
    const b = sealText('JBSWY3DPEHPK3PXP', 'agents.totp_secret:1');
    expect(a).toMatch(new RegExp(`^v1:${keyIdOf(key)}:[A-Za-z0-9+/]+=*$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openText(a, 'agents.totp_secret:1')).toBe('JBSWY3DPEHPK3PXP');
    // Copied into another row, or another column of the same row: it does not open.
    expect(() => openText(a, 'agents.totp_secret:2')).toThrow(EncryptionKeyError);
    expect(() => openText(a, 'agents.totp_pending_secret:1')).toThrow(EncryptionKeyError);
  });

  it('a flipped bit, a truncated value or an unknown key is refused, never opened to garbage', () => {
    useEncryptionKey(randomBytes(32));
    const sealed = sealText('secret', 'c:1');
    const body = Buffer.from(sealed.split(':')[2] as string, 'base64');
    body[body.length - 20] = (body[body.length - 20] as number) ^ 1;
    expect(() => openBytes(`${sealed.split(':').slice(0, 2).join(':')}:${body.toString('base64')}`, 'c:1')).toThrow(EncryptionKeyError);
    expect(() => openBytes(sealed.slice(0, 20), 'c:1')).toThrow(EncryptionKeyError);
    expect(() => openBytes(`v1:00000000:${sealed.split(':')[2]}`, 'c:1')).toThrow(/WALLETDESK_ENCRYPTION_KEY/);
  });

  it('values stored before sealing existed read as they are, until the start-up step seals them', () => {
    expect(openText('JBSWY3DPEHPK3PXP', 'agents.totp_secret:1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('WALLETDESK_ENCRYPTION_KEY takes 32 bytes as hex or base64, and a bad one is a config error that never echoes it', () => {
    const key = randomBytes(32);
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64url'))).toEqual(key);
    expect(() => parseEncryptionKey(randomBytes(16).toString('hex'))).toThrow(EncryptionKeyError);
    const bad = 'not-a-key-but-secret-looking-0123456789';
    expect(() => loadConfig({ WALLETDESK_ENCRYPTION_KEY: bad })).toThrow(/WALLETDESK_ENCRYPTION_KEY/);
    expect(() => loadConfig({ WALLETDESK_ENCRYPTION_KEY: bad })).not.toThrow(new RegExp(bad));
    expect(loadConfig({ WALLETDESK_ENCRYPTION_KEY: key.toString('base64') }).encryptionKey).toBe(key.toString('base64'));
  });

  it('without a configured key, one is made once in its own 0600 file of the data folder and read back', () => {
    const dir = path.join(tempDir(), 'data');
    const first = loadOrCreateEncryptionKey(dir, undefined);
    expect(first.source).toBe('created');
    expect(first.key).toHaveLength(32);
    const file = path.join(dir, 'encryption.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateEncryptionKey(dir, undefined)).toEqual({ key: first.key, source: 'file' });
    const configured = randomBytes(32);
    expect(loadOrCreateEncryptionKey(dir, configured.toString('hex'))).toEqual({ key: configured, source: 'environment' });
  });
});
