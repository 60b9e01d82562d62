import path from 'node:path';
import { z } from 'zod';
import { parseEncryptionKey } from './encryption.ts';

const port = z.coerce.number().int().min(0).max(65535);
// Internationalised addresses (RFC 6531) are real in Chinese-speaking markets, so the Unicode pattern.
const emailAddress = z.string().trim().toLowerCase().pipe(z.email({ pattern: z.regexes.unicodeEmail }));
const commaList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
const smtpUrl = z
  .url()
  .refine((v) => /^smtps?:\/\//.test(v), 'expected smtp://host:port or smtps://host:port');
const imapUrl = z.string().refine((v) => {
  try {
    const url = new URL(v);
    return /^imaps?:$/i.test(url.protocol) && url.username !== '' && url.hostname !== '';
  } catch {
    return false;
  }
}, 'expected imap://user:pass@host:port/MAILBOX or imaps://…');

/** What the IMAP source does with a message once it is stored: set \Seen, or move it to a folder. */
export type ImapMark = { kind: 'seen' } | { kind: 'move'; folder: string };
const imapMark = z
  .string()
  .regex(/^(seen|move:.*\S.*)$/, 'expected seen or move:FolderName')
  .transform((v): ImapMark => (v === 'seen' ? { kind: 'seen' } : { kind: 'move', folder: v.slice('move:'.length).trim() }));

/** Every setting, declared once with its environment name; PRODUCT.md's interface contract names them. */
const envSchema = z.object({
  WALLETDESK_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(postgres(ql)?:\/\/|sqlite:|file:)/.test(v), 'expected postgres://… or sqlite:PATH')
    .optional(),
  WALLETDESK_HTTP_PORT: port.default(8080),
  WALLETDESK_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  WALLETDESK_SMTP_PORT: port.default(2525),
  WALLETDESK_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  WALLETDESK_SUPPORT_ADDRESS: emailAddress.default('support@walletdesk.local'),
  /** Further addresses the desk accepts mail for, comma-separated. */
  WALLETDESK_SUPPORT_ALIASES: commaList.pipe(z.array(emailAddress)).default([]),
  WALLETDESK_SMTP_MAX_BYTES: z.coerce.number().int().min(1024).default(26_214_400),
  /** SMTP connections the desk holds open at once, from all clients together; more get 421. */
  WALLETDESK_SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(500),
  /** SMTP connections one client (an IPv4 address, an IPv6 /64) may hold open at once; more get 421 (Postfix: 50). */
  WALLETDESK_SMTP_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(50),
  /** SMTP connections one client may open per minute; more get 421 until the minute has passed. */
  WALLETDESK_SMTP_CONNECTIONS_PER_MINUTE_PER_IP: z.coerce.number().int().min(1).default(600),
  /** Longest an SMTP connection may last, whatever it does (NOOP and RSET do not extend it); then 421 and closed. */
  WALLETDESK_SMTP_SESSION_SECONDS: z.coerce.number().int().min(1).default(600),
  /** Commands other than MAIL, RCPT and DATA (NOOP, RSET, HELO, VRFY…) a connection may send between two messages. */
  WALLETDESK_SMTP_MAX_COMMANDS_WITHOUT_MESSAGE: z.coerce.number().int().min(1).default(20),
  WALLETDESK_SMTP_RELAY: smtpUrl.optional(),
  WALLETDESK_IMAP_URL: imapUrl.optional(),
  WALLETDESK_IMAP_MARK: imapMark.default({ kind: 'seen' }),
  /** How often the mailbox is checked when the server has no IDLE; with IDLE, how often a full check backs it up. */
  WALLETDESK_IMAP_POLL_MS: z.coerce.number().int().min(50).default(60_000),
  /** First reconnect delay after an IMAP failure; it doubles with each failure in a row, up to the maximum. */
  WALLETDESK_IMAP_RETRY_BASE_MS: z.coerce.number().int().min(10).default(1_000),
  WALLETDESK_IMAP_RETRY_MAX_MS: z.coerce.number().int().min(10).default(300_000),
  WALLETDESK_PUBLIC_URL: z.url().optional(),
  WALLETDESK_DNS_SERVERS: commaList
    .pipe(z.array(z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])(:\d{1,5})?$/i, 'expected IP:port entries, e.g. 127.0.0.1:53,[::1]:53')))
    .optional(),
  /** authserv-ids of the mail host in front of the IMAP mailbox, whose Authentication-Results we believe. */
  WALLETDESK_TRUSTED_AUTHSERV_IDS: commaList.default([]),
  /** How long reading one inbound mail may keep its reading thread busy before the mail is quarantined. */
  WALLETDESK_READ_BUDGET_MS: z.coerce.number().int().min(100).default(10_000),
  /** Acknowledgements one sender can receive per hour, so two auto-responders can never loop for long. */
  WALLETDESK_ACK_LIMIT_PER_HOUR: z.coerce.number().int().min(0).default(3),
  WALLETDESK_FIRST_REPLY_HOURS: z.coerce.number().int().min(1).default(24),
  /** First retry delay of a failed job; later retries back off exponentially from it. */
  WALLETDESK_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  WALLETDESK_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  WALLETDESK_JOB_POLL_MS: z.coerce.number().int().min(10).default(500),
  /**
   * Jobs in hand at once per process. Most of them wait (on the reading thread, on the relay), so this is set well
   * above the cores: a deeper queue at the reading thread also means more messages share each processing commit.
   */
  WALLETDESK_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  /** How long a job's claim outlives its process: after a crash, its jobs are taken over this much later. */
  WALLETDESK_JOB_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  /** Signs links we mail (ticket status pages); at least 32 characters. Unset: one is kept in DATA_DIR/secret.key. */
  WALLETDESK_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  /** Contact-form submissions one IP address may make per 10 minutes. */
  WALLETDESK_CONTACT_LIMIT: z.coerce.number().int().min(1).default(5),
  /** Minutes without a request after which an agent's console session ends (its absolute lifetime is 12 hours). */
  WALLETDESK_SESSION_IDLE_MINUTES: z.coerce.number().positive().max(720).default(30),
  /** true: every agent must sign in with TOTP; agents without it may only enrol. Per agent: `agent add --require-totp`. */
  WALLETDESK_AGENT_REQUIRE_TOTP: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Failed agent sign-ins allowed per account and per IP address in 15 minutes; more get 429. */
  WALLETDESK_SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  WALLETDESK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Peers (IP addresses, comma-separated) whose X-Forwarded-For is believed; anyone else's is ignored. */
  WALLETDESK_TRUSTED_PROXIES: commaList.pipe(z.array(z.union([z.ipv4(), z.ipv6()]))).default([]),
  /** redis://host:port — when set, the customers' (security center) sign-in and code limits live in Redis. */
  REDIS_URL: z.url().refine((u) => /^rediss?:/.test(u), 'expected redis://host:port').optional(),
  /** Shortest customer password, in characters (NIST 800-63B: at least 8; the seed asks 12). */
  WALLETDESK_PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(12),
  /** true: passwords must mix letters, digits and symbols (the seed's rule; NIST and OWASP advise against it). */
  WALLETDESK_PASSWORD_REQUIRE_MIX: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Hours withdrawals are held after a password, 2FA, email or phone change. */
  WALLETDESK_WITHDRAWAL_HOLD_HOURS: z.coerce.number().positive().max(720).default(24),
  /** Minutes without a request after which a customer's session ends. */
  WALLETDESK_ACCOUNT_IDLE_MINUTES: z.coerce.number().positive().max(43_200).default(60 * 24 * 7),
  /** SMS gateway: a URL gets a JSON POST {to, text} per code (see WALLETDESK_SMS_GATEWAY when there is none). */
  WALLETDESK_SMS_GATEWAY_URL: z.url().optional(),
  /** Sent as `Authorization: Bearer …` to the SMS gateway. */
  WALLETDESK_SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  /** Failed customer sign-ins (or codes) per account and per IP in 15 minutes before a temporary lockout. */
  WALLETDESK_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /**
   * Without WALLETDESK_SMS_GATEWAY_URL: `log` writes SMS to DATA_DIR/sms-outbox.log (0600) for a developer, never
   * to the log, and only under NODE_ENV=development (or test): elsewhere the desk refuses to start with it; `none`, or
   * nothing set outside development, turns SMS two-factor off.
   */
  WALLETDESK_SMS_GATEWAY: z.enum(['log', 'none']).optional(),
  NODE_ENV: z.string().optional(),
  /** Seals TOTP secrets and mail with live links at rest (AES-256-GCM): 32 bytes, hex or base64. Unset: DATA_DIR/encryption.key. */
  WALLETDESK_ENCRYPTION_KEY: z.string().refine((v) => isEncryptionKey(v), 'expected 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)').optional(),
  /** A PEM RSA private key that signs our outbound mail (DKIM). Unset: one is made in DATA_DIR/dkim-private.pem. */
  WALLETDESK_DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  WALLETDESK_DKIM_SELECTOR: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i, 'expected a DNS label, e.g. walletdesk').default('walletdesk'),
});

export type Config = {
  dataDir: string;
  databaseUrl: string;
  http: { host: string; port: number };
  smtp: {
    host: string;
    port: number;
    maxBytes: number;
    limits: { connections: number; connectionsPerIp: number; connectionsPerMinutePerIp: number; sessionMs: number; commandsWithoutMessage: number };
  };
  supportAddress: string;
  acceptedAddresses: string[];
  relayUrl: string | undefined;
  imapUrl: string | undefined;
  imap: { mark: ImapMark; pollMs: number; retryBaseMs: number; retryMaxMs: number };
  publicUrl: string;
  dnsServers: string[];
  trustedAuthservIds: string[];
  readBudgetMs: number;
  ackLimitPerHour: number;
  firstReplyHours: number;
  jobs: { retryBaseMs: number; attempts: number; pollMs: number; concurrency: number; leaseMs: number };
  logLevel: z.infer<typeof envSchema>['WALLETDESK_LOG_LEVEL'];
  agentSessions: { idleMs: number; requireTotp: boolean; maxFailures: number };
  /** Undefined: server.ts keeps one in the data folder (platform/secret-key.ts). */
  secret: string | undefined;
  /** Undefined: server.ts keeps one in the data folder (platform/encryption.ts). */
  encryptionKey: string | undefined;
  dkim: { privateKeyFile: string | undefined; selector: string };
  contactLimitPer10Min: number;
  trustedProxies: string[];
  redisUrl: string | undefined;
  accounts: {
    passwordMinLength: number;
    passwordRequireMix: boolean;
    withdrawalHoldMs: number;
    idleMs: number;
    maxFailures: number;
    sms: { url: string | undefined; token: string | undefined; gateway: 'log' | 'none' | undefined; development: boolean; dataDir: string };
  };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates the whole environment at once, so an operator sees every mistake in one go. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(blankAsUnset(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        // A secret, even a bad one, is never repeated where terminals and log collectors see it.
        const given = env[name] === undefined || ['WALLETDESK_SECRET', 'WALLETDESK_SMS_GATEWAY_TOKEN', 'WALLETDESK_ENCRYPTION_KEY'].includes(name) ? '' : ` (got ${JSON.stringify(withoutPassword(env[name]))})`;
        return `${name}: ${issue.message}${given}`;
      }),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.WALLETDESK_DATA_DIR);
  return {
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'walletdesk.sqlite')}`,
    http: { host: e.WALLETDESK_HTTP_HOST, port: e.WALLETDESK_HTTP_PORT },
    smtp: {
      host: e.WALLETDESK_SMTP_HOST,
      port: e.WALLETDESK_SMTP_PORT,
      maxBytes: e.WALLETDESK_SMTP_MAX_BYTES,
      limits: {
        connections: e.WALLETDESK_SMTP_MAX_CONNECTIONS,
        connectionsPerIp: e.WALLETDESK_SMTP_MAX_CONNECTIONS_PER_IP,
        connectionsPerMinutePerIp: e.WALLETDESK_SMTP_CONNECTIONS_PER_MINUTE_PER_IP,
        sessionMs: e.WALLETDESK_SMTP_SESSION_SECONDS * 1000,
        commandsWithoutMessage: e.WALLETDESK_SMTP_MAX_COMMANDS_WITHOUT_MESSAGE,
      },
    },
    supportAddress: e.WALLETDESK_SUPPORT_ADDRESS,
    acceptedAddresses: [...new Set([e.WALLETDESK_SUPPORT_ADDRESS, ...e.WALLETDESK_SUPPORT_ALIASES])],
    relayUrl: e.WALLETDESK_SMTP_RELAY,
    imapUrl: e.WALLETDESK_IMAP_URL,
    imap: {
      mark: e.WALLETDESK_IMAP_MARK,
      pollMs: e.WALLETDESK_IMAP_POLL_MS,
      retryBaseMs: e.WALLETDESK_IMAP_RETRY_BASE_MS,
      retryMaxMs: Math.max(e.WALLETDESK_IMAP_RETRY_MAX_MS, e.WALLETDESK_IMAP_RETRY_BASE_MS),
    },
    publicUrl: (e.WALLETDESK_PUBLIC_URL ?? `http://${e.WALLETDESK_HTTP_HOST}:${e.WALLETDESK_HTTP_PORT}`).replace(/\/+$/, ''),
    dnsServers: e.WALLETDESK_DNS_SERVERS ?? [],
    trustedAuthservIds: e.WALLETDESK_TRUSTED_AUTHSERV_IDS.map((s) => s.toLowerCase()),
    readBudgetMs: e.WALLETDESK_READ_BUDGET_MS,
    ackLimitPerHour: e.WALLETDESK_ACK_LIMIT_PER_HOUR,
    firstReplyHours: e.WALLETDESK_FIRST_REPLY_HOURS,
    jobs: {
      retryBaseMs: e.WALLETDESK_RETRY_BASE_MS,
      attempts: e.WALLETDESK_JOB_ATTEMPTS,
      pollMs: e.WALLETDESK_JOB_POLL_MS,
      concurrency: e.WALLETDESK_JOB_CONCURRENCY,
      leaseMs: e.WALLETDESK_JOB_LEASE_MS,
    },
    logLevel: e.WALLETDESK_LOG_LEVEL,
    agentSessions: {
      idleMs: Math.round(e.WALLETDESK_SESSION_IDLE_MINUTES * 60_000),
      requireTotp: e.WALLETDESK_AGENT_REQUIRE_TOTP,
      maxFailures: e.WALLETDESK_SIGNIN_MAX_FAILURES,
    },
    secret: e.WALLETDESK_SECRET,
    encryptionKey: e.WALLETDESK_ENCRYPTION_KEY,
    dkim: { privateKeyFile: e.WALLETDESK_DKIM_PRIVATE_KEY_FILE ? path.resolve(e.WALLETDESK_DKIM_PRIVATE_KEY_FILE) : undefined, selector: e.WALLETDESK_DKIM_SELECTOR.toLowerCase() },
    contactLimitPer10Min: e.WALLETDESK_CONTACT_LIMIT,
    trustedProxies: e.WALLETDESK_TRUSTED_PROXIES,
    redisUrl: e.REDIS_URL,
    accounts: {
      passwordMinLength: e.WALLETDESK_PASSWORD_MIN_LENGTH,
      passwordRequireMix: e.WALLETDESK_PASSWORD_REQUIRE_MIX,
      withdrawalHoldMs: Math.round(e.WALLETDESK_WITHDRAWAL_HOLD_HOURS * 3_600_000),
      idleMs: Math.round(e.WALLETDESK_ACCOUNT_IDLE_MINUTES * 60_000),
      maxFailures: e.WALLETDESK_ACCOUNT_MAX_FAILURES,
      sms: { url: e.WALLETDESK_SMS_GATEWAY_URL, token: e.WALLETDESK_SMS_GATEWAY_TOKEN, gateway: e.WALLETDESK_SMS_GATEWAY, development: e.NODE_ENV === 'development' || e.NODE_ENV === 'test', dataDir },
    },
  };
}

/** Mailbox and relay URLs carry passwords; an error message goes to terminals and log collectors. */
function withoutPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/** An empty variable (`FOO=`) means "use the default", as in most twelve-factor programs. */
function blankAsUnset(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function isEncryptionKey(value: string): boolean {
  try {
    parseEncryptionKey(value);
    return true;
  } catch {
    return false;
  }
}
