import DKIM from 'nodemailer/lib/dkim/index.js';
import type { DkimKey } from './dkim-key.ts';

/** Adds a DKIM-Signature to composed bytes; what it returns is what we store and send. */
export type SignMail = (raw: Buffer) => Promise<Buffer>;

/**
 * Signs with nodemailer's DKIM signer (relaxed/relaxed, rsa-sha256, its usual header list: From, To, Subject,
 * Date, Message-ID, In-Reply-To, References, MIME headers…). Signing happens when the mail is composed, before
 * its bytes are stored, so the outbound log and every retry hold exactly the signed mail the customer receives;
 * the relay transport never signs again.
 */
export function dkimSigner(key: DkimKey): SignMail {
  const dkim = new DKIM({ domainName: key.domain, keySelector: key.selector, privateKey: key.privateKeyPem });
  return async (raw) => {
    const chunks: Buffer[] = [];
    for await (const chunk of dkim.sign(raw)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
}
