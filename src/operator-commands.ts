import { agentIdByEmail, newAgentPassword, resetAgentPassword, resetAgentTotp } from './admin/agent-credentials.ts';
import { listAgents } from './admin/manage-agents.ts';
import { listTokens, revokeToken } from './admin/tokens.ts';
import { verifyAuditChain } from './platform/audit/audit-log.ts';
import type { Db } from './platform/db/connect.ts';

/** A command's mistake in its input: the CLI prints it with the usage and exits 2. */
export class OperatorUsageError extends Error {}
/** The command named something that does not exist (an agent, a token): exit 1, nothing changed. */
export class OperatorNotFoundError extends Error {}

export type OperatorArgs = {
  command: string | undefined;
  sub: string | undefined;
  positionals: string[];
  values: { email?: string | undefined; service?: string | undefined; json?: boolean | undefined };
  readSecret: () => Promise<string>;
  withDatabase: <T>(run: (db: Db) => Promise<T>) => Promise<T>;
};

const table = (rows: string[][]) => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
};

const positiveId = (text: string | undefined, what: string): number => {
  if (!text || !/^\d{1,15}$/.test(text) || Number(text) === 0) throw new OperatorUsageError(`${what} must be a token id (see walletdesk token list)`);
  return Number(text);
};

/**
 * The operator's commands at the desk's host: tokens (list, revoke), agents (list, password and TOTP reset) and
 * the audit log (verify). Changes are recorded in the audit log with no acting agent: whoever runs these holds the
 * host already. Returns false when the command is none of these.
 */
export async function runOperatorCommand(a: OperatorArgs): Promise<boolean> {
  const { command, sub, values } = a;
  const key = `${command} ${sub}`;
  if (!['token list', 'token revoke', 'agent list', 'agent reset-password', 'agent reset-totp', 'audit verify'].includes(key)) return false;
  if (a.positionals.length > (key === 'token revoke' ? 1 : 0)) throw new OperatorUsageError(`unexpected argument: ${a.positionals.join(' ')}`);

  if (key === 'token list') {
    const tokens = await a.withDatabase((db) => listTokens(db));
    if (values.json) console.log(JSON.stringify(tokens, null, 2));
    else if (tokens.length === 0) console.log('no tokens');
    else console.log(table([['id', 'kind', 'owner', 'label', 'created', 'last used'], ...tokens.map((t) => [String(t.id), t.kind, t.owner, t.label ?? '', t.created_at, t.last_used_at ?? 'never'])]));
    return true;
  }
  if (key === 'token revoke') {
    const service = values.service !== undefined;
    if (service && a.positionals.length) throw new OperatorUsageError('token revoke takes either ID (an agent token) or --service ID');
    const id = positiveId(service ? values.service : a.positionals[0], service ? '--service' : 'ID');
    const kind = service ? 'service' : 'agent';
    if (!(await a.withDatabase((db) => revokeToken(db, kind, id, null, 'cli')))) throw new OperatorNotFoundError(`no ${kind} token with id ${id}`);
    console.log(`${kind} token ${id} revoked`);
    return true;
  }
  if (key === 'agent list') {
    const agents = await a.withDatabase((db) => listAgents(db));
    if (values.json) console.log(JSON.stringify(agents, null, 2));
    else console.log(table([['id', 'email', 'name', 'role', 'active', '2fa', 'created'], ...agents.map((g) => [String(g.id), g.email, g.name ?? '', g.role, g.active ? 'yes' : 'no', g.totp_enabled ? 'on' : g.require_totp ? 'required, not set up' : 'off', g.created_at])]));
    return true;
  }
  if (key === 'agent reset-password' || key === 'agent reset-totp') {
    if (!values.email) throw new OperatorUsageError('--email EMAIL is required');
    const email = values.email;
    const password = key === 'agent reset-password' ? newAgentPassword.safeParse(await a.readSecret()) : undefined;
    if (password && !password.success) throw new OperatorUsageError(`password: ${password.error.issues.map((i) => i.message).join('; ')}`);
    const done = await a.withDatabase(async (db) => {
      const id = await agentIdByEmail(db, email);
      if (id === undefined) return false;
      const actor = { actorAgentId: null, via: 'cli' as const };
      return password ? resetAgentPassword(db, id, password.data as string, actor) : resetAgentTotp(db, id, actor);
    });
    if (!done) throw new OperatorNotFoundError(`no agent with email ${email}`);
    console.log(password ? `password of ${email} changed; their console sessions ended` : `two-factor authentication of ${email} removed; their console sessions ended`);
    return true;
  }
  const verdict = await a.withDatabase((db) => verifyAuditChain(db));
  if (verdict.ok) {
    console.log(`audit log intact: ${verdict.entries} entries`);
  } else {
    console.error(`audit log broken at entry ${verdict.brokenId}: ${verdict.problem} (the ${verdict.entries} entries before it are intact)`);
    process.exitCode = 1;
  }
  return true;
}
