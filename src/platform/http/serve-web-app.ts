import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const defaultDist = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

// No 'unsafe-inline' anywhere: the built pages load one hashed module each and nothing inline.
const helpPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
// The console differs in one word: a srcdoc frame inherits its parent's policy, so customer mail could never show
// a remote image without `https:` here. The frame's own policy still blocks them until the agent asks (MailFrame).
const consolePolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; frame-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Which page serves which paths: only these prefixes fall back to the app; anything else stays a 404. */
const pages = [
  { file: 'index.html', policy: helpPolicy, routes: ['/', '/check', '/contact', '/articles/:slug', '/status/:token', '/account', '/account/*'] },
  { file: 'agent.html', policy: consolePolicy, routes: ['/agent', '/agent/*'] },
] as const;

/** zh-CN when the browser prefers Chinese, else English; the app itself honours a stored choice first. */
export function negotiateLang(acceptLanguage: string | undefined): 'zh-CN' | 'en' {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/**
 * The React app from web/dist on walletdesk's own HTTP port: hashed assets cached for a year, the HTML never
 * cached and sent with a strict CSP. A desk started before `vite build` answers 503 on the pages, not a crash.
 */
export function serveWebApp(opts: { dist?: string } = {}) {
  const dist = opts.dist ?? defaultDist;
  const cache = new Map<string, string>();

  async function page(file: string): Promise<string | undefined> {
    const cached = cache.get(file);
    if (cached) return cached;
    const html = await readFile(dist + file, 'utf8').catch(() => undefined);
    if (html) cache.set(file, html);
    return html;
  }

  return async (app: FastifyInstance) => {
    await app.register(fastifyStatic, {
      root: dist + 'assets',
      prefix: '/assets/',
      index: false,
      wildcard: true,
      // Every asset name carries a content hash: a new build is a new URL, so browsers may keep these for good.
      maxAge: '365d',
      immutable: true,
    });

    for (const { file, policy, routes } of pages) {
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        const html = await page(file);
        reply
          .header('Cache-Control', 'no-cache')
          .header('X-Content-Type-Options', 'nosniff')
          .header('Referrer-Policy', 'same-origin')
          .header('Vary', 'Accept-Language');
        if (!html) {
          return reply.code(503).type('text/plain; charset=utf-8').send('The web app is not built: run `npm run build:web`.\n');
        }
        const lang = negotiateLang(request.headers['accept-language']);
        return reply
          .header('Content-Security-Policy', policy)
          .type('text/html; charset=utf-8')
          .send(html.replace('<html lang="en">', `<html lang="${lang}">`));
      };
      for (const url of routes) app.get(url, { schema: { hide: true } }, handler);
    }
  };
}
