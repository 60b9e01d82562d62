import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The server secret that signs links we mail (ticket status pages). WALLETDESK_SECRET wins; without it a secret is
 * made once and kept in the data folder (mode 0600), so links keep working across restarts. Several hosts on one
 * PostgreSQL share no data folder: there WALLETDESK_SECRET must be set, or each host signs with its own key.
 */
export function loadOrCreateSecret(dataDir: string, configured: string | undefined): { secret: string; source: 'environment' | 'file' | 'created' } {
  if (configured) return { secret: configured, source: 'environment' };
  const file = path.join(dataDir, 'secret.key');
  const existing = readSecret(file);
  if (existing) return { secret: existing, source: 'file' };
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx' fails when another process created the file first; then its secret is the one to use.
    fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    return { secret: readSecret(file) as string, source: 'created' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const raced = readSecret(file);
    if (!raced) throw new Error(`${file} is empty: delete it or set WALLETDESK_SECRET`);
    return { secret: raced, source: 'file' };
  }
}

function readSecret(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
