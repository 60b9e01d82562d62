import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadOrCreateKeyFile } from './secret-key.ts';

/**
 * Secrets at rest (TOTP secrets, mail that still carries live links): AES-256-GCM under a key kept apart from
 * the database, so a copy of the database (a backup, a replica, a stolen disk image of PostgreSQL) holds nothing
 * that signs anyone in. The stored form is `v1:KEYID:base64(nonce | ciphertext | tag)`: the version lets the
 * format change, the key id says which key sealed it (so a host with the wrong key says so rather than failing
 * every sign-in obscurely). Every value is sealed with its row and column as associated data, so a ciphertext
 * copied into another row or column does not open.
 */
const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class EncryptionKeyError extends Error {}

/** WALLETDESK_ENCRYPTION_KEY: 32 bytes as 64 hex digits or as base64 (standard or URL-safe). */
export function parseEncryptionKey(value: string): Buffer {
  const v = value.trim();
  if (/^[0-9a-f]{64}$/i.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(v)) {
    const key = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new EncryptionKeyError('expected 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)');
}

/**
 * The configured key, or one made once and kept in DATA_DIR/encryption.key (0600), a file apart from the database
 * file. Several hosts on one PostgreSQL share no data folder: there WALLETDESK_ENCRYPTION_KEY must be set.
 */
export function loadOrCreateEncryptionKey(dataDir: string, configured: string | undefined): { key: Buffer; source: 'environment' | 'file' | 'created' } {
  if (configured) return { key: parseEncryptionKey(configured), source: 'environment' };
  const kept = loadOrCreateKeyFile(path.join(dataDir, 'encryption.key'), () => randomBytes(KEY_BYTES).toString('base64'), 'WALLETDESK_ENCRYPTION_KEY');
  try {
    return { key: parseEncryptionKey(kept.value), source: kept.source };
  } catch (err) {
    throw new EncryptionKeyError(`${path.join(dataDir, 'encryption.key')}: ${(err as Error).message}`);
  }
}

/** A short public name of a key: its hash, never the key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('walletdesk encryption key id\u0000').update(key).digest('hex').slice(0, 8);
}

/**
 * The keys this process can open with, and the one it seals with. Held by the process, like its logger: the
 * functions that read a TOTP secret are called from every layer with only a database handle, and the key is by
 * design no part of the database. A process that runs several desks (tests) keeps all their keys, each found by
 * its id, so one desk's ciphertext never meets another's key by accident.
 */
const keyring = new Map<string, Buffer>();
let sealingKeyId: string | undefined;

/** Makes `key` the one new values are sealed with (server.ts calls this at start). Returns its id. */
export function useEncryptionKey(key: Buffer): string {
  if (key.length !== KEY_BYTES) throw new EncryptionKeyError(`an encryption key is ${KEY_BYTES} bytes`);
  const id = keyIdOf(key);
  keyring.set(id, Buffer.from(key));
  sealingKeyId = id;
  return id;
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(`${VERSION}:`);
}

/** `context` names the row and column, e.g. `agents.totp_secret:12`; opening needs the same one. */
export function sealBytes(plain: Uint8Array, context: string): string {
  if (!sealingKeyId) throw new EncryptionKeyError('no encryption key loaded (useEncryptionKey): secrets are never stored in clear');
  const key = keyring.get(sealingKeyId) as Buffer;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}:${sealingKeyId}:${body.toString('base64')}`;
}

export function openBytes(stored: string, context: string): Buffer {
  const match = /^v1:([0-9a-f]{8}):([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) throw new EncryptionKeyError('not a sealed value (v1:KEYID:…)');
  const [, id, encoded] = match as unknown as [string, string, string];
  const key = keyring.get(id);
  if (!key) throw new EncryptionKeyError(`sealed with key ${id}, which this process does not have: set WALLETDESK_ENCRYPTION_KEY to the key the other hosts use`);
  const body = Buffer.from(encoded, 'base64');
  if (body.length < NONCE_BYTES + TAG_BYTES) throw new EncryptionKeyError('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(NONCE_BYTES, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    // Wrong row or column (a swapped ciphertext), or altered bytes: GCM tells them apart from nothing else.
    throw new EncryptionKeyError(`sealed value does not open for ${context}: altered, or copied from another row`);
  }
}

export function sealText(plain: string, context: string): string {
  return sealBytes(Buffer.from(plain, 'utf8'), context);
}

/**
 * The clear text of a sealed value. A value without the version prefix was stored before sealing existed and
 * is returned as it is: the start-up step (seal-secrets-at-rest) seals those, so none survive a start.
 */
export function openText(stored: string, context: string): string {
  return isSealed(stored) ? openBytes(stored, context).toString('utf8') : stored;
}
