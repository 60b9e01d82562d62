import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createHttpServer } from './create-http-server.ts';

async function serverFor(publicUrl: string | undefined) {
  const app = await createHttpServer(createLogger('silent'), publicUrl === undefined ? {} : { publicUrl });
  app.get('/ok', async () => ({ ok: true }));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  await app.ready();
  return app;
}

describe('Strict-Transport-Security', () => {
  it('is sent on every response (success, error, unknown route) when the public URL is https', async () => {
    const app = await serverFor('https://desk.walletdesk.io');
    for (const url of ['/ok', '/boom', '/nowhere']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    }
    await app.close();
  });

  it('treats the scheme case-insensitively', async () => {
    const app = await serverFor('HTTPS://desk.walletdesk.io/');
    expect((await app.inject({ method: 'GET', url: '/ok' })).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    await app.close();
  });

  it.each(['http://127.0.0.1:8080', undefined])('is never sent for a plain-http desk (%s)', async (publicUrl) => {
    const app = await serverFor(publicUrl);
    for (const url of ['/ok', '/nowhere']) expect((await app.inject({ method: 'GET', url })).headers['strict-transport-security']).toBeUndefined();
    await app.close();
  });
});
