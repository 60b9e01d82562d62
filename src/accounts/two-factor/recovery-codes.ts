import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../platform/db/connect.ts';
import { sha256Hex } from '../../platform/storage/blobs.ts';

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32 without i, l, o, u: nothing a customer copying from paper can misread.
const ALPHABET = 'abcdefghjkmnpqrstvwxyz0123456789';
const CODE_LENGTH = 12;

/**
 * 60 random bits per code make a table of their hashes useless to a thief: no password-style slow hash is needed,
 * because there is no small space of likely codes to try, so plain SHA-256 suffices (as for session tokens).
 */
function codeHash(normalized: string): string {
  return sha256Hex(normalized);
}

/** Customers type codes with or without the dashes, in either case, with stray spaces. */
export function normalizeRecoveryCode(code: string): string | undefined {
  const normalized = code.toLowerCase().replace(/[\s-]/g, '');
  return normalized.length === CODE_LENGTH && [...normalized].every((c) => ALPHABET.includes(c)) ? normalized : undefined;
}

function newCode(): string {
  // 256 is a multiple of 32, so taking each byte modulo 32 picks every letter equally often.
  const chars = [...randomBytes(CODE_LENGTH)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Ten new single-use codes, shown once; every earlier code of the account stops working. */
export async function replaceRecoveryCodes(db: Db, accountId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('account_recovery_codes').where('account_id', '=', accountId).execute();
    await trx
      .insertInto('account_recovery_codes')
      .values(codes.map((code) => ({ account_id: accountId, code_hash: codeHash(normalizeRecoveryCode(code) as string), used_at: null })))
      .execute();
  });
  return codes;
}

/** With no second factor left, old codes must not count as one. */
export async function voidRecoveryCodes(db: Db, accountId: number): Promise<void> {
  await db.deleteFrom('account_recovery_codes').where('account_id', '=', accountId).execute();
}

export async function recoveryCodesLeft(db: Db, accountId: number): Promise<number> {
  const row = await db
    .selectFrom('account_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks an unused code of the account as used; the conditional update lets only one of two racing requests win. */
export async function useRecoveryCode(db: Db, accountId: number, code: string, now = Date.now()): Promise<boolean> {
  const normalized = normalizeRecoveryCode(code);
  if (!normalized) return false;
  const wanted = Buffer.from(codeHash(normalized), 'hex');
  const unused = await db
    .selectFrom('account_recovery_codes')
    .select(['id', 'code_hash'])
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .execute();
  const match = unused.find((row) => timingSafeEqual(Buffer.from(row.code_hash, 'hex'), wanted));
  if (!match) return false;
  const used = await db.updateTable('account_recovery_codes').set({ used_at: now }).where('id', '=', match.id).where('used_at', 'is', null).executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}
