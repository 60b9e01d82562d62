import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { acceptsConnections, freePort } from './desk-process.ts';
import { tempDir } from './test-database.ts';

export const DOVECOT_BIN = process.env.WALLETDESK_TEST_DOVECOT ?? '/usr/sbin/dovecot';

const live = new Set<ChildProcess>();
// A failed test must not leave a mail server running.
process.once('exit', () => {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * Who owns what: as root, Dovecot's own unprivileged users (it refuses to run mail as root); otherwise everything
 * runs as us.
 */
function identities(): { internalUser: string; internalGroup: string; loginUser: string; mailUid: number; mailGid: number } {
  const me = os.userInfo();
  if (me.uid !== 0) {
    const group = fs.readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.split(':')[2] === String(me.gid))?.split(':')[0];
    return { internalUser: me.username, internalGroup: group ?? me.username, loginUser: me.username, mailUid: me.uid, mailGid: me.gid };
  }
  const entry = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('dovecot:'));
  if (!entry) throw new Error('running as root, but there is no dovecot user (is dovecot-imapd installed?)');
  const [, , uid, gid] = entry.split(':');
  return { internalUser: 'dovecot', internalGroup: 'dovecot', loginUser: 'dovenull', mailUid: Number(uid), mailGid: Number(gid) };
}

/**
 * A real Dovecot IMAP server with a throwaway configuration in a temporary folder: plaintext logins on 127.0.0.1,
 * maildirs in the folder, any user name with the instance's password (a static passdb). Nothing of the system's Dovecot (its config, service or
 * ports) is used.
 */
export class TestDovecot {
  readonly output: string[] = [];
  private child: ChildProcess | undefined;

  /** Every user name logs in with `password`; each test uses its own user, so its own mailbox. */
  private constructor(readonly dir: string, readonly port: number, readonly password: string) {}

  /** Starts Dovecot on `port` (a free one by default) and waits until it accepts connections. */
  static async start(opts: { port?: number; password?: string } = {}): Promise<TestDovecot> {
    if (!fs.existsSync(DOVECOT_BIN)) throw new Error(`${DOVECOT_BIN} not found: install dovecot-imapd (the tests start their own server)`);
    for (let attempt = 1; ; attempt++) {
      const server = new TestDovecot(tempDir('walletdesk-dovecot-'), opts.port ?? (await freePort()), opts.password ?? `pw-${randomBytes(6).toString('hex')}`);
      try {
        await server.launch();
        return server;
      } catch (err) {
        await server.stop();
        if (opts.port !== undefined || attempt >= 3 || !server.output.some((l) => l.includes('Address already in use'))) throw err;
      }
    }
  }

  private async launch(): Promise<void> {
    const { internalUser, internalGroup, loginUser, mailUid, mailGid } = identities();
    const dir = this.dir;
    const rootless = os.userInfo().uid !== 0;
    // Dovecot's login and mail processes run as other users and must reach their sockets and maildirs.
    fs.chmodSync(dir, 0o755);
    for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub));
    if (!rootless) fs.chownSync(path.join(dir, 'mail'), mailUid, mailGid);
    fs.writeFileSync(
      path.join(dir, 'dovecot.conf'),
      `instance_name = walletdesk-test-${path.basename(dir)}
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = /dev/stderr
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${internalUser}
default_internal_group = ${internalGroup}
default_login_user = ${loginUser}
first_valid_uid = ${Math.min(mailUid, 100)}
first_valid_gid = ${Math.min(mailGid, 100)}
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = static
  args = password=${this.password}
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
${rootless ? '  chroot =\n' : ''}}
${rootless ? 'service anvil {\n  chroot =\n}\n' : ''}`,
    );
    const child = spawn(DOVECOT_BIN, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    live.add(child);
    child.once('exit', () => live.delete(child));
    for (const stream of [child.stdout, child.stderr]) stream?.setEncoding('utf8').on('data', (c: string) => this.output.push(...c.split('\n').filter(Boolean)));
    const deadline = Date.now() + 15_000;
    while (!(await acceptsConnections(this.port))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`dovecot exited during start-up:\n${this.output.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`dovecot did not listen on ${this.port} within 15 s:\n${this.output.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The WALLETDESK_IMAP_URL for a user (any name; its maildir is made at first login). */
  url(user: string, opts: { password?: string; mailbox?: string } = {}): string {
    const password = opts.password ?? this.password;
    return `imap://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${encodeURIComponent(opts.mailbox ?? 'INBOX')}`;
  }

  /** A logged-in imapflow client, as a test's own mail client. */
  async client(user: string): Promise<ImapFlow> {
    const client = new ImapFlow({ host: '127.0.0.1', port: this.port, secure: false, auth: { user, pass: this.password }, logger: false });
    client.on('error', () => {});
    await client.connect();
    return client;
  }

  /** Runs `doveadm` against this instance, e.g. to change a mailbox's UIDVALIDITY. */
  doveadm(args: string[]): string {
    const result = spawnSync(path.join(path.dirname(DOVECOT_BIN), '..', 'bin', 'doveadm'), ['-c', path.join(this.dir, 'dovecot.conf'), ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`doveadm ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
