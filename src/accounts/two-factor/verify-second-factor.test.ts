import { randomBytes } from 'node:crypto';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { useEncryptionKey } from '../../platform/encryption.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../platform/testing/test-database.ts';
import { confirmTotpEnrolment, startTotpEnrolment, TotpAlreadyEnabledError } from './account-totp.ts';
import { confirmSmsEnrolment } from './account-sms.ts';
import { recoveryCodesLeft, replaceRecoveryCodes } from './recovery-codes.ts';
import { consumeSmsCode, issueSmsCode, SMS_CODE_MAX_ATTEMPTS, SMS_CODE_TTL_MS } from './sms-codes.ts';
import { secondFactorMethods, verifySecondFactor } from './verify-second-factor.ts';

const T0 = Date.UTC(2026, 10, 26, 1, 0, 0);
const codeAt = (secret: string, ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

describe.each(testDialects())('second factors in the database (%s)', (dialect) => {
  let database: TestDatabase;
  let handle: DbHandle;
  let alice: number;
  let bob: number;
  let accounts = 0;

  async function addAccount(email: string): Promise<number> {
    const row = await handle.db
      .insertInto('accounts')
      .values({ email, password_hash: 'x', locale: 'en', email_verified_at: T0, phone: null, phone_verified_at: null, contact_id: null, totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null, sms_enabled_at: null, password_changed_at: T0, hold_until: null, hold_reason: null, frozen_at: null, frozen_reason: null, created_at: T0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function enrolTotp(accountId: number): Promise<string> {
    const { secret } = await startTotpEnrolment(handle.db, accountId, 'x@example.test');
    expect(await confirmTotpEnrolment(handle.db, accountId, codeAt(secret, T0), T0)).toBe(true);
    return secret;
  }

  // One database per dialect; every test works on accounts of its own.
  beforeAll(async () => {
    useEncryptionKey(randomBytes(32));
    database = await createTestDatabase(dialect);
    handle = openDatabase(database.url);
    await migrateToLatest(handle.db, handle.dialect);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    alice = await addAccount(`alice-${++accounts}@example.test`);
    bob = await addAccount(`bob-${accounts}@example.test`);
  });

  it('an account without second factors has no methods and accepts no code', async () => {
    expect(await secondFactorMethods(handle.db, alice)).toEqual([]);
    expect(await verifySecondFactor(handle.db, alice, '123456', T0)).toBe(false);
  });

  it('a TOTP code works once, in its step or one either side, and never again', async () => {
    const secret = await enrolTotp(alice);
    await replaceRecoveryCodes(handle.db, alice);
    expect(await secondFactorMethods(handle.db, alice)).toEqual(['totp', 'recovery']);
    // The enrolment code's step is used up already.
    expect(await verifySecondFactor(handle.db, alice, codeAt(secret, T0), T0)).toBe(false);
    const later = T0 + 60_000;
    expect(await verifySecondFactor(handle.db, alice, codeAt(secret, later - 30_000), later)).toBe(true); // a step behind
    expect(await verifySecondFactor(handle.db, alice, codeAt(secret, later - 30_000), later)).toBe(false); // replay
    expect(await verifySecondFactor(handle.db, alice, codeAt(secret, later + 30_000), later)).toBe(true); // a step ahead
    expect(await verifySecondFactor(handle.db, alice, codeAt(secret, later), later)).toBe(false); // before the last used step
    expect(await verifySecondFactor(handle.db, alice, codeAt(secret, later + 90_000), later)).toBe(false); // too far ahead
    expect(await verifySecondFactor(handle.db, bob, codeAt(secret, later + 60_000), later + 60_000)).toBe(false); // another account
  });

  it('two requests racing with one TOTP code: exactly one wins', async () => {
    const secret = await enrolTotp(alice);
    const at = T0 + 90_000;
    const code = codeAt(secret, at);
    const results = await Promise.all(Array.from({ length: 6 }, () => verifySecondFactor(handle.db, alice, code, at)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('malformed codes are refused without touching anything', async () => {
    const secret = await enrolTotp(alice);
    const before = await handle.db.selectFrom('accounts').selectAll().where('id', '=', alice).executeTakeFirstOrThrow();
    for (const bad of ['', 'abcdef', '1234567', '12345', '١٢٣٤٥٦', `${codeAt(secret, T0 + 30_000)}0`]) {
      expect(await verifySecondFactor(handle.db, alice, bad, T0 + 30_000)).toBe(false);
    }
    expect(await handle.db.selectFrom('accounts').selectAll().where('id', '=', alice).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('a pending TOTP secret is no second factor, and enrolment cannot replace a working one', async () => {
    const { secret } = await startTotpEnrolment(handle.db, alice, 'alice@example.test');
    expect(await secondFactorMethods(handle.db, alice)).toEqual([]);
    expect(await verifySecondFactor(handle.db, alice, codeAt(secret, T0), T0)).toBe(false);
    expect(await confirmTotpEnrolment(handle.db, alice, codeAt(secret, T0), T0)).toBe(true);
    await expect(startTotpEnrolment(handle.db, alice, 'alice@example.test')).rejects.toThrow(TotpAlreadyEnabledError);
  });

  it('a recovery code works once, typed in any case with or without dashes', async () => {
    await enrolTotp(alice);
    const codes = await replaceRecoveryCodes(handle.db, alice);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(codes[0]).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    expect(await verifySecondFactor(handle.db, bob, codes[0]!, T0)).toBe(false);
    expect(await verifySecondFactor(handle.db, alice, ` ${codes[0]!.toUpperCase().replaceAll('-', '')} `, T0)).toBe(true);
    expect(await verifySecondFactor(handle.db, alice, codes[0]!, T0)).toBe(false);
    expect(await recoveryCodesLeft(handle.db, alice)).toBe(9);
    const fresh = await replaceRecoveryCodes(handle.db, alice);
    expect(await verifySecondFactor(handle.db, alice, codes[1]!, T0)).toBe(false);
    expect(await verifySecondFactor(handle.db, alice, fresh[1]!, T0)).toBe(true);
  });

  it('an SMS sign-in code works once, expires after 10 minutes, and dies after 5 wrong tries', async () => {
    await handle.db.updateTable('accounts').set({ phone: '+15551234567', phone_verified_at: T0, sms_enabled_at: T0 }).where('id', '=', alice).execute();
    expect(await secondFactorMethods(handle.db, alice)).toEqual(['sms']);

    const code = await issueSmsCode(handle.db, alice, 'sign_in', '+15551234567', T0);
    expect(await verifySecondFactor(handle.db, bob, code, T0)).toBe(false);
    expect(await verifySecondFactor(handle.db, alice, code, T0)).toBe(true);
    expect(await verifySecondFactor(handle.db, alice, code, T0)).toBe(false);

    const expiring = await issueSmsCode(handle.db, alice, 'sign_in', '+15551234567', T0);
    expect(await verifySecondFactor(handle.db, alice, expiring, T0 + SMS_CODE_TTL_MS)).toBe(false);

    const guessed = await issueSmsCode(handle.db, alice, 'sign_in', '+15551234567', T0);
    const wrong = guessed === '000000' ? '000001' : '000000';
    for (let i = 0; i < SMS_CODE_MAX_ATTEMPTS; i++) expect(await verifySecondFactor(handle.db, alice, wrong, T0)).toBe(false);
    expect(await verifySecondFactor(handle.db, alice, guessed, T0)).toBe(false);
  });

  it('an enrolment code proves the phone, never a sign-in, and leaves other accounts alone', async () => {
    const bobCode = await issueSmsCode(handle.db, bob, 'enrol', '+15557654321', T0);
    const code = await issueSmsCode(handle.db, alice, 'enrol', '+8613812345678', T0);
    expect(await consumeSmsCode(handle.db, alice, 'sign_in', code, T0)).toBeUndefined();
    expect(await confirmSmsEnrolment(handle.db, alice, bobCode, T0)).toBeUndefined();
    expect(await confirmSmsEnrolment(handle.db, alice, code, T0)).toEqual({ phone: '+8613812345678', previousPhone: null, wasEnabled: false });
    expect(await secondFactorMethods(handle.db, alice)).toEqual(['sms']);
    const bobRow = await handle.db.selectFrom('account_sms_codes').selectAll().where('account_id', '=', bob).executeTakeFirstOrThrow();
    expect(bobRow).toMatchObject({ attempts: 0, used_at: null, phone: '+15557654321' });
    expect(await confirmSmsEnrolment(handle.db, bob, bobCode, T0)).toMatchObject({ phone: '+15557654321' });
  });

  it('codes are stored only hashed', async () => {
    const sms = await issueSmsCode(handle.db, alice, 'sign_in', '+15551234567', T0);
    const recovery = await replaceRecoveryCodes(handle.db, alice);
    const stored = JSON.stringify([
      await handle.db.selectFrom('account_sms_codes').selectAll().execute(),
      await handle.db.selectFrom('account_recovery_codes').selectAll().execute(),
    ]);
    expect(stored).not.toContain(sms);
    for (const code of recovery) expect(stored).not.toContain(code.replaceAll('-', ''));
  });
});
