import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger.ts';

/** The data folder holds the database, keys and mail: its owner alone may enter it and read what is in it. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates the data folder 0700, or narrows an existing one, and narrows every file in it to 0600 and every folder
 * to 0700. Modes are set with chmod, not only at creation: mkdir and open apply the umask, and a desk started
 * under the common 022 would otherwise leave the database readable by every local user. Returns how many
 * entries were narrowed; a folder that was open to others is reported (paths and modes only, never contents).
 */
export function secureDataFolder(dir: string, log?: Pick<Logger, 'warn'>): number {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const openBefore = fs.statSync(dir).mode & 0o777;
  const narrowed = narrowTree(dir);
  if (narrowed > 0) {
    log?.warn(
      { data_dir: dir, mode: openBefore.toString(8).padStart(4, '0'), narrowed },
      'the data folder was readable by other local users: narrowed to 0700 (folders) and 0600 (files)',
    );
  }
  return narrowed;
}

/** Creates `dir` (and its parents) and narrows it to 0700 whatever the umask. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if ((fs.statSync(dir).mode & 0o077) !== 0) fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates an empty file 0600 unless it exists, and narrows it to 0600 either way. */
export function touchPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  narrowFile(file);
}

/** Narrows an existing file to 0600; a file that is not there is left alone. */
export function narrowFile(file: string): void {
  try {
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function narrowTree(dir: string): number {
  let narrowed = 0;
  if ((fs.statSync(dir).mode & 0o077) !== 0) {
    fs.chmodSync(dir, PRIVATE_DIR_MODE);
    narrowed += 1;
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // A symbolic link may point anywhere (a shared /var/lib, say): never follow it or change its target.
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) narrowed += narrowTree(full);
    else if (entry.isFile() && (fs.statSync(full).mode & 0o077) !== 0) {
      fs.chmodSync(full, PRIVATE_FILE_MODE);
      narrowed += 1;
    }
  }
  return narrowed;
}
