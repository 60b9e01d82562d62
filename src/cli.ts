import { parseArgs } from 'node:util';
import { addAgent, AgentExistsError, newAgent } from './agents/add-agent.ts';
import { createApiToken, UnknownAgentError } from './agents/api-tokens.ts';
import { createServiceToken } from './accounts/withdrawal/service-tokens.ts';
import { collectStatus, formatStatus } from './desk-status.ts';
import { ConfigError, loadConfig, type Config } from './platform/config.ts';
import { openDatabase } from './platform/db/connect.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { createLogger } from './platform/logger.ts';
import { watchParent } from './platform/watch-parent.ts';
import { OperatorNotFoundError, OperatorUsageError, runOperatorCommand } from './operator-commands.ts';

const USAGE = `usage: walletdesk <command>
  start                                       run the desk (HTTP, SMTP, IMAP source, job workers)
  migrate                                     apply database migrations and exit
  status [--json]                             database health, IMAP last sync and error, job and quarantine counts
  agent add --email EMAIL --role agent|admin [--name NAME] [--require-totp]
                                              add an agent; the password is read from stdin
  token create --agent EMAIL [--label TEXT]   create an API token; printed alone on the last line
  token create --service NAME                 create a wallet-backend token (withdrawal status only); printed alone on the last line
  token list [--json]                         every agent and service token: id, owner, created, last used (never the token)
  token revoke ID                             revoke an agent's API token at once (the id from token list); audited
  token revoke --service ID                   revoke a service token at once; audited
  agent list [--json]                         every agent: id, email, role, active, 2FA
  agent reset-password --email EMAIL          set an agent's password (read from stdin) and end their sessions; audited
  agent reset-totp --email EMAIL              remove an agent's TOTP and end their sessions; audited
  audit verify                                check the audit log's hash chain; exit 1 naming the first broken entry
  dkim [--json]                               the DNS TXT record that lets receivers verify our DKIM-signed mail`;

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function withDatabase<T>(config: Config, run: (db: ReturnType<typeof openDatabase>['db']) => Promise<T>): Promise<T> {
  const handle = openDatabase(config.databaseUrl, { poolSize: 2 });
  try {
    await migrateToLatest(handle.db, handle.dialect);
    return await run(handle.db);
  } finally {
    await handle.close();
  }
}

async function start(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  // Loaded only to start: the server pulls in the GeoIP tables (~150 MB, ~0.4 s), which `token create` and the
  // other one-shot commands never need.
  const { startDesk } = await import('./server.ts');
  const desk = await startDesk(config, log);
  log.info({ http_port: desk.httpPort, smtp_port: desk.smtpPort, dialect: desk.handle.dialect }, 'walletdesk started');
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    desk.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // The terminal or session that started us closed: nobody is left to stop the desk, so it stops itself.
  process.once('SIGHUP', () => shutdown('SIGHUP'));
  // Under `npm start` the desk belongs to npm: whatever ends npm (a signal npm does not forward, a kill) ends it.
  if (process.env.npm_lifecycle_event === 'start') watchParent(() => shutdown('parent exited'));
}

/**
 * The record to publish for our DKIM key: the same key the desk signs with (made now in the data folder if the
 * desk has not made it yet), so an operator can set up DNS before the first start.
 */
async function printDkimRecord(config: Config, json: boolean): Promise<void> {
  const { dkimDnsRecord, loadOrCreateDkimKey } = await import('./mailbox/dkim-key.ts');
  const { secureDataFolder } = await import('./platform/data-folder.ts');
  secureDataFolder(config.dataDir);
  const record = dkimDnsRecord(loadOrCreateDkimKey({ dataDir: config.dataDir, privateKeyFile: config.dkim.privateKeyFile, selector: config.dkim.selector, supportAddress: config.supportAddress }));
  if (json) {
    console.log(JSON.stringify(record, null, 2));
    return;
  }
  console.log(`name:  ${record.name}`);
  console.log(`type:  ${record.type}`);
  console.log(`value: ${record.value}`);
  console.log(`zone:  ${record.name}. IN TXT ${zoneStrings(record.value)}`);
}

/** A TXT value over 255 bytes is written as several quoted strings in a zone file (RFC 1035 §3.3.14). */
function zoneStrings(value: string): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += 255) parts.push(`"${value.slice(i, i + 255)}"`);
  return `( ${parts.join(' ')} )`;
}

/** Exit code 1 when the database cannot be reached, so scripts and probes can rely on it. */
async function status(config: Config, json: boolean): Promise<void> {
  const handle = openDatabase(config.databaseUrl, { poolSize: 1 });
  try {
    // Like every other command; a database that is down is reported by collectStatus rather than thrown here.
    await migrateToLatest(handle.db, handle.dialect).catch(() => {});
    const report = await collectStatus(handle.db, handle.dialect, config);
    console.log(json ? JSON.stringify(report, null, 2) : formatStatus(report));
    if (report.database !== 'ok') process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, sub] = argv;
  const { values, positionals } = parseArgs({
    args: argv.slice(command === 'agent' || command === 'token' || command === 'audit' ? 2 : 1),
    options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, agent: { type: 'string' }, service: { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean' }, 'require-totp': { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
  });
  const config = loadConfig();
  if (await runOperatorCommand({ command, sub, positionals, values, readSecret: readStdin, withDatabase: (run) => withDatabase(config, run) })) return;
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals.join(' ')}`);
  if (command === 'start') return start(config);
  if (command === 'status') return status(config, values.json ?? false);
  if (command === 'dkim') return printDkimRecord(config, values.json ?? false);
  if (command === 'migrate') {
    const applied = await withDatabase(config, async () => []);
    console.log(`migrations up to date${applied.length ? `: ${applied.join(', ')}` : ''}`);
    return;
  }
  if (command === 'agent' && sub === 'add') {
    const input = newAgent.safeParse({ email: values.email, role: values.role, name: values.name, require_totp: values['require-totp'], password: await readStdin() });
    if (!input.success) throw new UsageError(input.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));
    const id = await withDatabase(config, (db) => addAgent(db, input.data));
    console.log(`agent ${input.data.email} added (id ${id}, role ${input.data.role}${input.data.require_totp ? ', TOTP required' : ''})`);
    return;
  }
  if (command === 'token' && sub === 'create') {
    if (values.service !== undefined) {
      const service = values.service.trim();
      if (!service || values.agent !== undefined) throw new UsageError('token create takes either --agent EMAIL or --service NAME');
      const token = await withDatabase(config, (db) => createServiceToken(db, service));
      console.log(`service token for ${service} (shown once; store it now):`);
      console.log(token);
      return;
    }
    if (!values.agent) throw new UsageError('--agent EMAIL is required');
    const agentEmail = values.agent;
    const token = await withDatabase(config, (db) => createApiToken(db, agentEmail, values.label));
    console.log(`token for ${agentEmail} (shown once; store it now):`);
    console.log(token);
    return;
  }
  throw new UsageError(command ? `unknown command: ${argv.join(' ')}` : 'no command given');
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof AgentExistsError || err instanceof UnknownAgentError) {
    console.error(`walletdesk: ${err.message}`);
    process.exit(2);
  }
  if (err instanceof OperatorNotFoundError) {
    console.error(`walletdesk: ${err.message}`);
    process.exit(1);
  }
  if (err instanceof UsageError || err instanceof OperatorUsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`walletdesk: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error('walletdesk: failed:', err);
  process.exit(1);
});
