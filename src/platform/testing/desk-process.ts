import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

/** The repository root and the real entry point, as an operator runs it. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const walletdeskBin = fileURLToPath(new URL('../../../bin/walletdesk.js', import.meta.url));

export type LogLine = { msg?: string; level?: number; [key: string]: unknown };
export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * `n` distinct ports nobody listens on right now: listen on port 0 that many times at once, note the ports, close.
 * Another program may still take one before we do; DeskProcess.start retries on EADDRINUSE.
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0] as number;
}

/** Whether something accepts TCP connections on the port (a server is up, or still up). */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The child's environment: ours without any walletdesk setting or DATABASE_URL (so an operator's shell cannot leak
 * into a test), plus `env`.
 */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'DATABASE_URL' || k.startsWith('WALLETDESK_')) continue;
    out[k] = v;
  }
  return { ...out, ...env };
}

const live = new Set<ChildProcess>();
// A failed test must not leave a desk running: SIGKILL whatever this module started and is still alive.
process.once('exit', () => {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Resolves once the child has exited and its output is fully read ('close' comes after both). */
function track(child: ChildProcess): Promise<Exit> {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
}

/** A running `walletdesk start`, with its JSON log lines collected as they arrive. */
export class DeskProcess {
  readonly logs: LogLine[] = [];
  /** Every stdout line, JSON or not, and all of stderr: shown when something goes wrong. */
  readonly output: string[] = [];
  httpPort = 0;
  smtpPort = 0;
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly child: ChildProcess, readonly env: Record<string, string>) {
    this.exited = track(child).then((exit) => {
      this.exit = exit;
      this.notify();
      return exit;
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.output.push(line);
      try {
        const parsed = JSON.parse(line) as unknown;
        if (parsed && typeof parsed === 'object') this.logs.push(parsed as LogLine);
      } catch {
        // not a log line
      }
      this.notify();
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.output.push(`stderr: ${line}`);
      this.notify();
    });
  }

  /**
   * Starts `node bin/walletdesk.js start` with `env` and waits for its "walletdesk started" line. HTTP and SMTP
   * ports default to free ones; if one was taken in between (EADDRINUSE), it tries again with fresh ones.
   */
  static async start(env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<DeskProcess> {
    const pickPorts = env.WALLETDESK_HTTP_PORT === undefined && env.WALLETDESK_SMTP_PORT === undefined;
    for (let attempt = 1; ; attempt++) {
      const full: Record<string, string> = { WALLETDESK_LOG_LEVEL: 'info', ...env };
      if (pickPorts) {
        const [http, smtp] = await freePorts(2);
        full.WALLETDESK_HTTP_PORT = String(http);
        full.WALLETDESK_SMTP_PORT = String(smtp);
      }
      const child = spawn(process.execPath, [walletdeskBin, 'start'], { cwd: repoRoot, env: childEnv(full), stdio: ['ignore', 'pipe', 'pipe'] });
      const desk = new DeskProcess(child, full);
      try {
        const started = await desk.waitForLog((l) => l.msg === 'walletdesk started', opts.timeoutMs ?? 30_000, 'the "walletdesk started" line');
        desk.httpPort = Number(started.http_port);
        desk.smtpPort = Number(started.smtp_port);
        return desk;
      } catch (err) {
        if (desk.running) await desk.kill();
        if (pickPorts && attempt < 3 && desk.output.some((l) => l.includes('EADDRINUSE'))) continue;
        throw err;
      }
    }
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  /** The log lines with this msg. */
  logged(msg: string): LogLine[] {
    return this.logs.filter((l) => l.msg === msg);
  }

  /** Waits for a log line matching `match`, failing early (with the output) if the process exits first. */
  waitForLog(match: (line: LogLine) => boolean, ms = 15_000, what = 'a log line'): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      let seen = 0;
      const check = () => {
        for (; seen < this.logs.length; seen++) {
          const line = this.logs[seen] as LogLine;
          if (match(line)) return done(() => resolve(line));
        }
        if (this.exit) return done(() => reject(new Error(`walletdesk exited (${describeExit(this.exit)}) before ${what}\n${this.tail()}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}\n${this.tail()}`))), ms);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Sends `signal` (SIGTERM: a graceful stop) and waits for the exit, SIGKILLing after `ms`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', ms = 20_000): Promise<Exit> {
    if (!this.running) return this.exited;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** kill -9: no shutdown code runs. */
  async kill(): Promise<Exit> {
    if (!this.running) return this.exited;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /**
   * For failure messages: every warning, error and stderr line (those explain most failures), then the last lines
   * of output, which at log level info are mostly requests.
   */
  tail(lines = 40): string {
    const problems = this.output.filter((l) => l.startsWith('stderr: ') ? !l.includes('FastifyDeprecation') && !l.includes('--trace-warnings') : /"level":(4|5|6)\d/.test(l));
    return [`--- warnings and errors (${problems.length}) ---`, ...problems.slice(-lines), `--- last ${lines} lines ---`, ...this.output.slice(-lines)].join('\n');
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function describeExit(exit: Exit | undefined): string {
  if (!exit) return 'running';
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

export type CliResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Runs one `walletdesk` command to completion; `input` is written to its stdin, which is then closed. */
export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [walletdeskBin, ...args], { cwd: repoRoot, env: childEnv(opts.env ?? {}), stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = track(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  child.stdin!.on('error', () => {}); // a command that exits without reading its stdin
  child.stdin!.end(opts.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
  return exited.then((exit) => {
    clearTimeout(timer);
    return { ...exit, stdout, stderr };
  });
}
