import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { tempDir } from '../../platform/testing/test-database.ts';
import { createSmsGateway } from './create-sms-gateway.ts';
import { httpSmsGateway, SmsGatewayError } from './http-sms-gateway.ts';
import { startLocalSmsProvider as startGatewayServer } from './local-sms-provider.ts';
import { devOutboxSmsGateway, maskPhone, SMS_OUTBOX_FILE } from './dev-outbox-sms-gateway.ts';

function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('HTTP SMS gateway', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('POSTs {to, text} as JSON with the bearer token', async () => {
    const server = await startGatewayServer((_r, res) => res.writeHead(202).end('{"id":"m1"}'));
    close = server.close;
    await httpSmsGateway({ url: server.url, token: 'gw-token' }).send('+8613812345678', 'walletdesk code: 123456');
    expect(server.received).toHaveLength(1);
    const r = server.received[0]!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/send');
    expect(r.headers.authorization).toBe('Bearer gw-token');
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual({ to: '+8613812345678', text: 'walletdesk code: 123456' });
  });

  it('a non-2xx answer is an error naming the status but not the number', async () => {
    const server = await startGatewayServer((_r, res) => res.writeHead(503).end('provider down'));
    close = server.close;
    const sending = httpSmsGateway({ url: server.url, token: 't' }).send('+8613812345678', 'code 123456');
    await expect(sending).rejects.toThrow(SmsGatewayError);
    await expect(sending).rejects.toThrow(/answered 503/);
    await expect(sending).rejects.not.toThrow(/13812345678|123456/);
  });

  it('a gateway that does not answer in time is an error', async () => {
    const server = await startGatewayServer(() => {
      // never answers
    });
    close = server.close;
    const started = Date.now();
    await expect(httpSmsGateway({ url: server.url, token: 't', timeoutMs: 200 }).send('+15551234567', 'x')).rejects.toThrow(/did not answer within 200 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('an unreachable gateway is an error', async () => {
    const server = await startGatewayServer((_r, res) => res.end());
    await server.close();
    await expect(httpSmsGateway({ url: server.url, token: 't' }).send('+15551234567', 'x')).rejects.toThrow(/unreachable/);
  });

  it('createSmsGateway uses the configured URL and token', async () => {
    const server = await startGatewayServer((_r, res) => res.writeHead(200).end());
    close = server.close;
    await createSmsGateway({ url: server.url, token: 'configured', gateway: undefined, development: false, dataDir: tempDir() }, createLogger('silent')).send('+15551234567', 'hello');
    expect(server.received[0]!.headers.authorization).toBe('Bearer configured');
  });
});

describe('development SMS outbox', () => {
  const sms = (dataDir: string, over: Partial<Config['accounts']['sms']> = {}): Config['accounts']['sms'] => ({ url: undefined, token: undefined, gateway: undefined, development: false, dataDir, ...over });

  it('writes the text to a 0600 file in the data folder, and the log gets only the masked number', async () => {
    const { log, lines } = captureLog();
    const dir = tempDir();
    await devOutboxSmsGateway(dir, log).send('+8613812345678', 'walletdesk code: 654321');
    const file = path.join(dir, SMS_OUTBOX_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8').trim())).toMatchObject({ to: '+8613812345678', text: 'walletdesk code: 654321' });
    expect(lines.some((l) => l.to === '+86********678')).toBe(true);
    expect(JSON.stringify(lines)).not.toMatch(/654321|13812345678/);
  });

  it('is what createSmsGateway gives under NODE_ENV=development (or test), chosen or not', async () => {
    for (const over of [{ gateway: 'log' as const, development: true }, { development: true }]) {
      const { log, lines } = captureLog();
      const dir = tempDir();
      await createSmsGateway(sms(dir, over), log).send('+15551234567', 'walletdesk code 111222');
      expect(fs.readFileSync(path.join(dir, SMS_OUTBOX_FILE), 'utf8')).toContain('111222');
      expect(JSON.stringify(lines)).not.toContain('111222');
    }
  });

  it('masks short and unprefixed numbers too', () => {
    expect(maskPhone('+15551234567')).toBe('+15******567');
    expect(maskPhone('12345')).toBe('**345');
  });
});
