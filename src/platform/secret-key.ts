import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './data-folder.ts';

/**
 * The server secret that signs links we mail (ticket status pages). WALLETDESK_SECRET wins; without it a secret is
 * made once and kept in the data folder (mode 0600), so links keep working across restarts. Several hosts on one
 * PostgreSQL share no data folder: there WALLETDESK_SECRET must be set, or each host signs with its own key.
 */
export function loadOrCreateSecret(dataDir: string, configured: string | undefined): { secret: string; source: 'environment' | 'file' | 'created' } {
  if (configured) return { secret: configured, source: 'environment' };
  const kept = loadOrCreateKeyFile(path.join(dataDir, 'secret.key'), () => randomBytes(32).toString('hex'), 'WALLETDESK_SECRET');
  return { secret: kept.value, source: kept.source };
}

/**
 * A key kept in a file of the data folder, made once by `create` (a one-line text) and read back on every start.
 * The file is created 0600 whatever the umask, and an existing one is narrowed to 0600: these files are the whole
 * point of keeping keys apart from the database. `variable` names the setting that replaces the file, for errors.
 */
export function loadOrCreateKeyFile(file: string, create: () => string, variable: string): { value: string; source: 'file' | 'created' } {
  const existing = readKeyFile(file);
  if (existing) return { value: existing, source: 'file' };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    // 'wx' fails when another process created the file first; then its key is the one to use.
    fs.writeFileSync(file, `${create()}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
    fs.chmodSync(file, PRIVATE_FILE_MODE);
    return { value: readKeyFile(file) as string, source: 'created' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const raced = readKeyFile(file);
    if (!raced) throw new Error(`${file} is empty: delete it or set ${variable}`);
    return { value: raced, source: 'file' };
  }
}

function readKeyFile(file: string): string | undefined {
  try {
    const value = fs.readFileSync(file, 'utf8').trim() || undefined;
    if (value && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, PRIVATE_FILE_MODE);
    return value;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
