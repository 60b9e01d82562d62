import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../../server.ts';
import { ConfigError, loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { CaptureRelay } from '../../platform/testing/capture-relay.ts';
import { acceptsConnections, freePorts, runCli } from '../../platform/testing/desk-process.ts';
import { tempDir, waitFor } from '../../platform/testing/test-database.ts';
import type { TestDesk } from '../../platform/testing/test-desk.ts';
import { signUpAndSignIn } from '../testing/customer.ts';
import { SMS_OUTBOX_FILE } from './dev-outbox-sms-gateway.ts';

const base = (dir: string) => ({ WALLETDESK_DATA_DIR: dir, WALLETDESK_HTTP_PORT: '0', WALLETDESK_SMTP_PORT: '0', WALLETDESK_LOG_LEVEL: 'silent' });

describe('SMS gateway at start', () => {
  let desk: Desk | undefined;
  let relay: CaptureRelay | undefined;
  afterEach(async () => {
    await desk?.stop();
    await relay?.stop();
    desk = undefined;
    relay = undefined;
  });

  it('outside development, the development outbox (SMS two-factor with no gateway) is refused, naming the settings that fix it', async () => {
    for (const nodeEnv of [undefined, 'production']) {
      const dir = tempDir();
      const config = loadConfig({ ...base(dir), WALLETDESK_SMS_GATEWAY: 'log', ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}) });
      const starting = startDesk(config, createLogger('silent'));
      await expect(starting).rejects.toThrow(ConfigError);
      await expect(starting).rejects.toThrow(/WALLETDESK_SMS_GATEWAY.*development.*WALLETDESK_SMS_GATEWAY_URL.*WALLETDESK_SMS_GATEWAY=none/s);
      // Refused before anything was opened: no database file.
      expect(fs.existsSync(path.join(dir, 'walletdesk.sqlite'))).toBe(false);
    }
  });

  it('`walletdesk start` with the development outbox in production exits 2 with that message and never listens', async () => {
    const [httpPort, smtpPort] = (await freePorts(2)) as [number, number];
    // Generous limits: a loaded machine takes a while to load the server's modules before it refuses.
    const env = { WALLETDESK_DATA_DIR: tempDir(), NODE_ENV: 'production', WALLETDESK_SMS_GATEWAY: 'log', WALLETDESK_HTTP_PORT: String(httpPort), WALLETDESK_SMTP_PORT: String(smtpPort) };
    const r = await runCli(['start'], { env, timeoutMs: 90_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/WALLETDESK_SMS_GATEWAY_URL/);
    expect(await acceptsConnections(httpPort)).toBe(false);
  }, 120_000);

  it('starts with a gateway URL, with SMS turned off, with nothing set, or in development', async () => {
    for (const env of [{ WALLETDESK_SMS_GATEWAY_URL: 'http://127.0.0.1:9/send' }, { WALLETDESK_SMS_GATEWAY: 'none' }, {}, { NODE_ENV: 'development' }, { NODE_ENV: 'development', WALLETDESK_SMS_GATEWAY: 'log' }]) {
      desk = await startDesk(loadConfig({ ...base(tempDir()), NODE_ENV: 'production', ...env }), createLogger('silent'));
      await desk.stop();
      desk = undefined;
    }
  });

  it('with nothing set outside development, SMS two-factor is off: enrolment says so and no code is made', async () => {
    relay = await new CaptureRelay().start();
    const dir = tempDir();
    desk = await startDesk(loadConfig({ ...base(dir), NODE_ENV: 'production', WALLETDESK_SMTP_RELAY: relay.url, WALLETDESK_JOB_POLL_MS: '20' }), createLogger('silent'));
    const { browser } = await signUpAndSignIn({ desk, relay } as unknown as TestDesk);
    const res = await browser.request('POST', '/2fa/sms', { json: { phone: '+15557770002' } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'sms_unavailable' });
    expect(res.body.message).toMatch(/no SMS gateway/);
    expect(fs.existsSync(path.join(dir, SMS_OUTBOX_FILE))).toBe(false);
  });

  it('the development outbox gets the codes; the log, at every level, never does', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    relay = await new CaptureRelay().start();
    const dir = tempDir();
    desk = await startDesk(loadConfig({ ...base(dir), NODE_ENV: 'test', WALLETDESK_SMS_GATEWAY: 'log', WALLETDESK_SMTP_RELAY: relay.url, WALLETDESK_JOB_POLL_MS: '20' }), log);
    const { browser } = await signUpAndSignIn({ desk, relay } as unknown as TestDesk);
    const phone = '+15557770001';
    expect((await browser.request('POST', '/2fa/sms', { json: { phone } })).status).toBe(202);
    const outbox = path.join(dir, SMS_OUTBOX_FILE);
    const code = await waitFor(() => (fs.existsSync(outbox) ? /\b(\d{6})\b/.exec(fs.readFileSync(outbox, 'utf8'))?.[1] : undefined), 5_000, 'an SMS in the outbox');
    expect(fs.statSync(outbox).mode & 0o777).toBe(0o600);
    expect((await browser.request('POST', '/2fa/sms/confirm', { json: { code } })).status).toBe(200);
    const logged = lines.join('');
    expect(logged).toContain('SMS not sent (development gateway)');
    expect(logged).not.toContain(code);
    expect(logged).not.toContain('5557770001');
  });
});
