import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../platform/config.ts';
import { loadOrCreateKeyFile } from '../platform/secret-key.ts';

/** The key that signs our outbound mail, and where receivers find its public half. */
export type DkimKey = {
  domain: string;
  selector: string;
  privateKeyPem: string;
  /** `configured`: WALLETDESK_DKIM_PRIVATE_KEY_FILE; otherwise DATA_DIR/dkim-private.pem, made at first start. */
  source: 'configured' | 'file' | 'created';
};

/** The DNS record receivers look up (RFC 6376 §3.6.2): `SELECTOR._domainkey.DOMAIN TXT "v=DKIM1; k=rsa; p=…"`. */
export type DkimDnsRecord = { selector: string; domain: string; name: string; type: 'TXT'; value: string; source: DkimKey['source'] };

export const DKIM_KEY_FILE = 'dkim-private.pem';

/**
 * The configured key file, or an RSA 2048 key made once and kept in the data folder (0600). The signing domain
 * is the support address's: that is the From of everything we send, so the signature aligns for DMARC.
 */
export function loadOrCreateDkimKey(opts: { dataDir: string; privateKeyFile: string | undefined; selector: string; supportAddress: string }): DkimKey {
  const domain = (opts.supportAddress.split('@')[1] ?? '').toLowerCase();
  if (opts.privateKeyFile) {
    let pem: string;
    try {
      pem = fs.readFileSync(opts.privateKeyFile, 'utf8');
      if (createPrivateKey(pem).asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
    } catch (err) {
      // The path, never the key's contents.
      throw new ConfigError([`WALLETDESK_DKIM_PRIVATE_KEY_FILE: expected a readable PEM RSA private key (${opts.privateKeyFile}: ${(err as Error).message.split('\n')[0]})`]);
    }
    return { domain, selector: opts.selector, privateKeyPem: pem, source: 'configured' };
  }
  const kept = loadOrCreateKeyFile(
    path.join(opts.dataDir, DKIM_KEY_FILE),
    () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim(),
    'WALLETDESK_DKIM_PRIVATE_KEY_FILE',
  );
  return { domain, selector: opts.selector, privateKeyPem: kept.value, source: kept.source };
}

export function dkimDnsRecord(key: DkimKey): DkimDnsRecord {
  const publicKey = createPublicKey(key.privateKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
  return { selector: key.selector, domain: key.domain, name: `${key.selector}._domainkey.${key.domain}`, type: 'TXT', value: `v=DKIM1; k=rsa; p=${publicKey}`, source: key.source };
}
