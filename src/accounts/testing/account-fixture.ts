import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { useEncryptionKey } from '../../platform/encryption.ts';
import { openDatabase, type Db, type Dialect } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { createTestDatabase } from '../../platform/testing/test-database.ts';
import type { AccountSettings } from '../account-settings.ts';

/**
 * Test support: a migrated database for the describe block it is called in (created before its tests, dropped
 * after), and sign-ins and sessions written straight into it. Accounts come from testing/customer.ts.
 */
export function useMigratedDatabase(dialect: Dialect): { readonly db: Db } {
  let db: Db | undefined;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    // What startDesk does: TOTP secrets and security mail are sealed with the process's key.
    useEncryptionKey(randomBytes(32));
    const database = await createTestDatabase(dialect);
    const handle = openDatabase(database.url);
    await migrateToLatest(handle.db, handle.dialect);
    db = handle.db;
    close = async () => {
      await handle.close();
      await database.drop();
    };
  });
  afterAll(async () => close?.());
  return {
    get db() {
      if (!db) throw new Error('the database is made in beforeAll');
      return db;
    },
  };
}

export const fixtureSettings: Pick<AccountSettings, 'secret' | 'publicUrl' | 'tickets'> = {
  secret: 'fixture-secret-0123456789abcdef0123',
  publicUrl: 'http://desk.test',
  tickets: { deskAddress: 'support@walletdesk.local', firstReplyHours: 24, ackLimitPerHour: 5, publicUrl: 'http://desk.test', statusLinkSecret: 'fixture-status-secret' },
};

export type FixtureLogin = {
  at: number;
  success?: boolean;
  ip?: string;
  country?: string | null;
  city?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  device?: string;
  deviceHash?: string;
};

export async function insertLogin(db: Db, accountId: number, l: FixtureLogin): Promise<number> {
  const row = await db
    .insertInto('account_logins')
    .values({
      account_id: accountId,
      at: l.at,
      ip: l.ip ?? '203.0.113.7',
      country: l.country ?? null,
      city: l.city ?? null,
      latitude: l.latitude ?? null,
      longitude: l.longitude ?? null,
      user_agent: null,
      device: l.device ?? 'Firefox 130 on Linux',
      device_hash: l.deviceHash ?? 'laptop',
      success: l.success === false ? 0 : 1,
      failure_reason: l.success === false ? 'wrong_password' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertSession(db: Db, accountId: number, tokenHash: string): Promise<number> {
  const now = Date.now();
  const row = await db
    .insertInto('account_sessions')
    .values({
      account_id: accountId,
      token_hash: tokenHash,
      created_at: now,
      last_seen_at: now,
      expires_at: now + 3_600_000,
      ip: '203.0.113.7',
      country: null,
      city: null,
      user_agent: null,
      device: 'Firefox 130 on Linux',
      device_hash: 'laptop',
      authenticated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
