import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { negotiateLang, serveWebApp } from './serve-web-app.ts';

describe('serving the web app', () => {
  it('picks Chinese or English from Accept-Language by weight', () => {
    expect(negotiateLang('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(negotiateLang('en-GB,zh-TW;q=0.5')).toBe('en');
    expect(negotiateLang('fr;q=1, zh-HK;q=0.4')).toBe('zh-CN');
    expect(negotiateLang('de, zh;q=0')).toBe('en');
    expect(negotiateLang(undefined)).toBe('en');
  });

  it('a desk started before the web app was built answers 503 on its pages instead of failing to start', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'walletdesk-nodist-'));
    const app = Fastify();
    try {
      await app.register(serveWebApp({ dist: `${empty}/` }));
      const page = await app.inject({ method: 'GET', url: '/agent/tickets/3' });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('npm run build:web');
      expect((await app.inject({ method: 'GET', url: '/elsewhere' })).statusCode).toBe(404);
    } finally {
      await app.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
