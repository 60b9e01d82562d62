import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestDesk, type TestDesk } from '../src/platform/testing/test-desk.ts';
import { signStatusToken } from '../src/tickets/status-link.ts';
import { haveChromium, launchBrowser } from './browser.ts';
import { waitFor } from './mail-text.ts';

const SECRET = 'a status-link secret for the link checker, 32+ chars';

/** What a page that leads nowhere says (web/src/shared/NotFound.tsx and the security center's own not-found line). */
const NOT_FOUND_TEXT = /This page does not exist\.|页面不存在。|This article does not exist\.|文章不存在。/;

type Found = { href: string; on: string };

/**
 * Every link a visitor can reach, in both languages: from every public page (the help home, each article, the
 * checker, the contact form, a real status page, the security center's public pages, the console's sign-in) the
 * checker follows each link of ours, opens it in the browser and requires a 200 and a page the app knows (no
 * not-found view, no error); links elsewhere may only be our own configured addresses.
 */
describe.skipIf(!haveChromium)('every link of every help page', () => {
  let t: TestDesk;
  let base: string;
  let statusPath: string;

  beforeAll(async () => {
    t = await startTestDesk('sqlite', { WALLETDESK_SECRET: SECRET });
    base = `http://127.0.0.1:${t.desk.httpPort}`;
    const form = new FormData();
    for (const [k, v] of Object.entries({ email: 'links@customer.test', subject: 'Withdrawal failed', description: 'My withdrawal of 100 USDT failed yesterday at 14:00 UTC.' })) form.append(k, v);
    const created = await fetch(`${base}/api/v1/help/contact`, { method: 'POST', body: form });
    expect(created.status).toBe(201);
    const reference = ((await created.json()) as { reference: string }).reference;
    const ticket = await waitFor(
      () => t.desk.handle.db.selectFrom('tickets').select(['id', 'requester_id']).where('reference', '=', reference).executeTakeFirst(),
      'the form ticket',
    );
    statusPath = `/status/${signStatusToken(SECRET, { ticketId: Number(ticket.id), contactId: Number(ticket.requester_id) })}`;
  });
  afterAll(async () => {
    await t?.stop();
  });

  // The pages reached with a token from a mail (verify, reset, freeze) show that token's state: not seeds.
  const publicPages = () => [
    '/',
    '/check',
    '/contact',
    statusPath,
    '/account',
    '/account/signin',
    '/account/signup',
    '/account/forgot',
    '/account/stolen',
    '/agent',
  ];

  async function linksOf(page: Page): Promise<string[]> {
    return page.evaluate(() => [...document.querySelectorAll<HTMLAnchorElement>('a[href]')].map((a) => a.href));
  }

  async function settle(page: Page): Promise<void> {
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !/Loading…|加载中…/.test(document.body.innerText));
  }

  /** Why the page shown is not a real page, or undefined when it is. */
  async function brokenView(page: Page): Promise<string | undefined> {
    if (await page.getByTestId('not-found').count()) return 'not-found view';
    const alerts = await page.getByRole('alert').allTextContents();
    if (alerts.length) return `error shown: ${alerts.join(' | ')}`;
    const text = await page.evaluate(() => document.body.innerText);
    if (NOT_FOUND_TEXT.test(text)) return 'says the page does not exist';
    if (!text.trim()) return 'blank page';
    return undefined;
  }

  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`in ${locale}: every internal link opens a page the app knows, and no link leaves our addresses`, async () => {
      const browser = await launchBrowser({ locale });
      try {
        const page = await browser.context.newPage();
        const lang = locale === 'zh-CN' ? 'zh-CN' : 'en';
        const articles = (await t.api(`/api/v1/help/articles?locale=${lang}`, { anonymous: true })).body.items as { slug: string }[];
        expect(articles.length).toBeGreaterThan(0);
        const ours = new Set([t.config.supportAddress, ...t.config.acceptedAddresses].map((a) => a.toLowerCase()));
        const publicOrigin = new URL(t.config.publicUrl).origin;

        const queue = [...publicPages(), ...articles.map((a) => `/articles/${a.slug}`)];
        const visited = new Set<string>();
        const problems: string[] = [];
        const links: Found[] = [];
        while (queue.length) {
          const path = queue.shift() as string;
          if (visited.has(path)) continue;
          visited.add(path);
          const response = await page.goto(base + path);
          if (response?.status() !== 200) {
            problems.push(`${path}: HTTP ${response?.status()}`);
            continue;
          }
          await settle(page);
          expect(await page.evaluate(() => document.documentElement.lang), path).toBe(lang);
          const broken = await brokenView(page);
          if (broken) problems.push(`${path}: ${broken}`);
          for (const href of await linksOf(page)) {
            links.push({ href, on: path });
            const url = new URL(href);
            const internal = url.origin === base || url.origin === publicOrigin;
            // The console behind its sign-in is not a public page: its links are checked by HTTP only (below).
            if (internal && !url.pathname.startsWith('/agent/') && !url.hash) queue.push(url.pathname + url.search);
          }
        }

        for (const { href, on } of links) {
          const url = new URL(href);
          if (url.protocol === 'mailto:') {
            if (!ours.has(decodeURIComponent(url.pathname).toLowerCase()) || url.search) problems.push(`${on}: mail link to ${href}`);
          } else if (url.origin === base || url.origin === publicOrigin) {
            const status = (await fetch(base + url.pathname + url.search, { redirect: 'manual' })).status;
            if (status !== 200) problems.push(`${on}: ${href} answers ${status}`);
          } else {
            problems.push(`${on}: link to someone else's site ${href}`);
          }
        }

        expect(problems).toEqual([]);
        // The crawl really went through the articles' own links, not just the seeds.
        expect(links.some((l) => l.on.startsWith('/articles/') && /\/articles\/[a-z-]+$|\/check$/.test(l.href))).toBe(true);
        expect([...visited]).toEqual(expect.arrayContaining(['/check', '/account/stolen', '/account/forgot', '/account/signup']));
      } finally {
        await browser.close();
      }
    });
  }

  it('a link inside an article opens its target in place, in the chosen language', async () => {
    const browser = await launchBrowser({ locale: 'zh-CN' });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${base}/articles/contact-support`);
      await settle(page);
      await page.evaluate(() => ((window as unknown as { marker: boolean }).marker = true));
      await page.locator('.article-body a[href="/articles/spot-fake-support"]').click();
      await page.getByRole('heading', { level: 1, name: '如何识别假冒客服' }).waitFor();
      expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('a path the app does not know says so instead of showing the home page', async () => {
    const browser = await launchBrowser({ locale: 'en-US' });
    try {
      const page = await browser.context.newPage();
      for (const path of ['/articles/no-such-article', '/account/no-such-page', '/status/not-a-real-token']) {
        await page.goto(base + path);
        await settle(page);
        expect(await brokenView(page), path).toBeDefined();
      }
      // The SPA's own fallback, for a path the server would send it but the router does not know.
      await page.goto(`${base}/`);
      await settle(page);
      await page.evaluate(() => {
        history.pushState(null, '', '/no-such-page');
        dispatchEvent(new PopStateEvent('popstate'));
      });
      await page.getByTestId('not-found').waitFor();
    } finally {
      await browser.close();
    }
  });
});
