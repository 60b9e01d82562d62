import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { addAgent, AgentExistsError } from '../../agents/add-agent.ts';
import { createApiToken } from '../../agents/api-tokens.ts';
import { startDesk, type Desk } from '../../server.ts';
import { loadConfig, type Config } from '../config.ts';
import type { Dialect } from '../db/connect.ts';
import { createLogger } from '../logger.ts';
import { CaptureRelay } from './capture-relay.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export type ApiInit = RequestInit & { json?: unknown; anonymous?: boolean };

export type TestDesk = {
  desk: Desk;
  config: Config;
  relay: CaptureRelay;
  database: TestDatabase;
  token: string;
  adminToken: string;
  /** `json` is sent as the JSON body; `anonymous` sends no token (a visitor of the public site). */
  api: (path: string, init?: ApiInit) => Promise<{ status: number; body: any; headers: Headers }>;
  send: (mail: Mail.Options) => Promise<{ accepted: unknown[]; rejected: unknown[]; response: string }>;
  stop: () => Promise<void>;
};

/**
 * A whole walletdesk on ephemeral ports with a fresh database of the dialect and a capturing relay. Pass `database`
 * to start it again on an earlier desk's database (a restart); the caller then drops that database itself.
 */
export async function startTestDesk(dialect: Dialect, env: Record<string, string> = {}, opts: { database?: TestDatabase } = {}): Promise<TestDesk> {
  const database = opts.database ?? (await createTestDatabase(dialect));
  const relay = await new CaptureRelay().start();
  const config = loadConfig({
    WALLETDESK_DATA_DIR: database.dir,
    DATABASE_URL: database.url,
    WALLETDESK_HTTP_PORT: '0',
    WALLETDESK_SMTP_PORT: '0',
    WALLETDESK_SMTP_RELAY: relay.url,
    WALLETDESK_SUPPORT_ALIASES: 'help@walletdesk.local',
    WALLETDESK_JOB_POLL_MS: '20',
    WALLETDESK_RETRY_BASE_MS: '50',
    WALLETDESK_LOG_LEVEL: 'silent',
    // Test desks take the development SMS outbox unless a test gives a gateway (or NODE_ENV=production to see refusal).
    NODE_ENV: 'test',
    ...env,
  });
  const desk = await startDesk(config, createLogger(config.logLevel));
  const db = desk.handle.db;
  for (const [email, role] of [['agent@operator.test', 'agent'], ['admin@operator.test', 'admin']] as const) {
    await addAgent(db, { email, role, password: 'correct horse battery staple' }).catch((err: unknown) => {
      if (!(opts.database && err instanceof AgentExistsError)) throw err;
    });
  }
  const token = await createApiToken(db, 'agent@operator.test');
  const adminToken = await createApiToken(db, 'admin@operator.test');
  const base = `http://127.0.0.1:${desk.httpPort}`;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: desk.smtpPort, secure: false, ignoreTLS: true });

  return {
    desk,
    config,
    relay,
    database,
    token,
    adminToken,
    async api(path, { json, anonymous, ...init } = {}) {
      const headers = new Headers(init.headers);
      if (!anonymous && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
      let body = init.body;
      if (json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(json);
      }
      const res = await fetch(base + path, { ...init, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: the raw text is the body
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    send: (mail) => transport.sendMail(mail),
    async stop() {
      transport.close();
      await desk.stop();
      await relay.stop();
      if (!opts.database) await database.drop();
    },
  };
}
