import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// Argon2id at OWASP's first recommended setting (m = 19 MiB, t = 2, p = 1).
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), ARGON2ID);
}

// A sign-in for an unknown email verifies against this, so it costs what a real one costs and its timing says nothing.
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  dummyHash ??= hash(randomBytes(24).toString('base64url'), ARGON2ID);
  return dummyHash;
}

/** Whether `password` matches; with no stored hash, spends the same work and answers false. */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  const ok = await verify(storedHash ?? (await dummy()), password.normalize('NFKC')).catch(() => false);
  return ok && storedHash !== undefined;
}

export function warmPasswordHashing(): Promise<unknown> {
  return dummy();
}
