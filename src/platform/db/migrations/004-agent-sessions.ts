import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.ts';
import type { Dialect } from '../connect.ts';

/** Agent sign-in for the web console: TOTP per agent, cookie sessions, and the failures that rate-limit sign-in. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema.alterTable('agents').addColumn('require_totp', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('agents').addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('agents').addColumn('totp_secret', 'text').execute();
  // A secret handed out by setup but not yet proven by a code; it becomes totp_secret on confirmation.
  await db.schema.alterTable('agents').addColumn('totp_pending_secret', 'text').execute();
  // The time step of the last code accepted: a code (or an older one) can never be used twice (RFC 6238 §5.2).
  await db.schema.alterTable('agents').addColumn('totp_last_step', 'bigint').execute();

  await t
    .id(db.schema.createTable('agent_sessions'))
    .addColumn('agent_id', 'bigint', (c) => c.notNull().references('agents.id'))
    // SHA-256 of the cookie value: the table alone never lets anyone sign in.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('agent_sessions_agent').on('agent_sessions').column('agent_id').execute();
  await db.schema.createIndex('agent_sessions_expires').on('agent_sessions').column('expires_at').execute();

  await db.schema
    .createTable('agent_signin_failures')
    .addColumn('scope', 'text', (c) => c.notNull())
    // A hash of the email address or IP address: enough to count, nothing to leak.
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agent_signin_failures_lookup').on('agent_signin_failures').columns(['scope', 'key_hash', 'created_at']).execute();
}
