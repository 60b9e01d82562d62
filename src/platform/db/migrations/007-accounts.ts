import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.ts';
import type { Dialect } from '../connect.ts';

/**
 * Customer accounts and the security center: the account with its second factors, hold and freeze; browser
 * sessions; every sign-in attempt; single-use mailed tokens; recovery and SMS codes; the database's rate-limit
 * counters; and service tokens for the wallet backend.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);

  await t
    .id(db.schema.createTable('accounts'))
    // Lower-cased on the way in, so one mailbox is one account whatever case the customer types.
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('email_verified_at', 'bigint')
    .addColumn('phone', 'text')
    .addColumn('phone_verified_at', 'bigint')
    // Linked once the email is verified: the contact is where mail-only history and the anti-phishing phrase live.
    .addColumn('contact_id', 'bigint', (c) => c.references('contacts.id'))
    .addColumn('totp_secret', 'text')
    .addColumn('totp_pending_secret', 'text')
    .addColumn('totp_enabled_at', 'bigint')
    // The last TOTP time step accepted: a code of that step or earlier is a replay.
    .addColumn('totp_last_step', 'bigint')
    .addColumn('sms_enabled_at', 'bigint')
    .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('hold_until', 'bigint')
    .addColumn('hold_reason', 'text')
    .addColumn('frozen_at', 'bigint')
    .addColumn('frozen_reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await t
    .id(db.schema.createTable('account_sessions'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('city', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('device_hash', 'text', (c) => c.notNull())
    // When the customer last proved who they are (password, then code): sensitive changes need it recent.
    .addColumn('authenticated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_sessions_account').on('account_sessions').columns(['account_id', 'id']).execute();

  await t
    .id(db.schema.createTable('account_logins'))
    .addColumn('account_id', 'bigint', (c) => c.references('accounts.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('city', 'text')
    .addColumn('latitude', 'real')
    .addColumn('longitude', 'real')
    .addColumn('user_agent', 'text')
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('device_hash', 'text', (c) => c.notNull())
    .addColumn('success', 'integer', (c) => c.notNull())
    .addColumn('failure_reason', 'text')
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flag_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.createIndex('account_logins_account').on('account_logins').columns(['account_id', 'at']).execute();

  await t
    .id(db.schema.createTable('account_tokens'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();

  await t
    .id(db.schema.createTable('account_recovery_codes'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('account_recovery_codes_account').on('account_recovery_codes').column('account_id').execute();

  await t
    .id(db.schema.createTable('account_sms_codes'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('account_sms_codes_account').on('account_sms_codes').columns(['account_id', 'id']).execute();

  // Every security mail we send a customer, kept like the outbound log keeps ticket mail; the mailbox delivers it.
  await t
    .id(db.schema.createTable('account_mails'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('external_id', 'text')
    .addColumn('raw_blob_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('account_mails_account').on('account_mails').columns(['account_id', 'id']).execute();

  // Hits of a rate limit, when no Redis is configured: one row per hit, counted over a sliding window.
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_hits_key').on('rate_limit_hits').columns(['bucket', 'key_hash', 'at']).execute();

  // A token for a machine (the wallet backend), not an agent: it may read withdrawal status and nothing else.
  await t
    .id(db.schema.createTable('service_tokens'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
}
