import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSecret } from './secret-key.ts';
import { tempDir } from './testing/test-database.ts';

describe('server secret', () => {
  it('is made once, kept readable by its owner only, and read back after a restart', () => {
    const dir = path.join(tempDir(), 'data');
    const first = loadOrCreateSecret(dir, undefined);
    expect(first.source).toBe('created');
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(dir, undefined)).toEqual({ secret: first.secret, source: 'file' });
  });

  it('WALLETDESK_SECRET wins over the file', () => {
    const dir = tempDir();
    loadOrCreateSecret(dir, undefined);
    expect(loadOrCreateSecret(dir, 'x'.repeat(40))).toEqual({ secret: 'x'.repeat(40), source: 'environment' });
  });
});
