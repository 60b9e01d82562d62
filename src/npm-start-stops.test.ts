import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptsConnections, childEnv, freePorts, repoRoot } from './platform/testing/desk-process.ts';
import { tempDir, waitFor } from './platform/testing/test-database.ts';

/**
 * An operator runs `npm start &` and later stops it the way service managers and shells do: a signal to the process
 * they started, which is npm. The desk must go down with it, not stay behind on both ports.
 */
describe('npm start', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it.each(['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGKILL'] as const)('stops walletdesk when npm gets %s: both ports close within seconds', async (signal) => {
    const dir = tempDir();
    const [httpPort, smtpPort] = (await freePorts(2)) as [number, number];
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: repoRoot,
      env: childEnv({ WALLETDESK_DATA_DIR: dir, WALLETDESK_HTTP_PORT: String(httpPort), WALLETDESK_SMTP_PORT: String(smtpPort), WALLETDESK_LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group, so the cleanup below can reach a desk that outlived npm (the failure under test).
      detached: true,
    });
    const stderr: string[] = [];
    npm.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    cleanups.push(() => {
      try {
        process.kill(-(npm.pid as number), 'SIGKILL');
      } catch {
        // the whole group is gone already
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });
    await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${httpPort}/healthz`).catch(() => undefined);
      return res?.status === 200;
    }, 30_000, `healthz on ${httpPort} (${stderr.join('')})`);
    expect(await acceptsConnections(smtpPort)).toBe(true);

    npm.kill(signal);
    // Generous for a busy machine; a desk left running never closes them at all.
    await waitFor(async () => !(await acceptsConnections(httpPort)) && !(await acceptsConnections(smtpPort)), 10_000, 'both ports to close');
  }, 60_000);
});
