import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, type TestDesk } from '../src/platform/testing/test-desk.ts';
import { haveChromium, launchBrowser, screenshotDir, unlabelledControls, type Browser } from './browser.ts';
import { mailText, waitFor } from './mail-text.ts';

// A 1×1 PNG: real image bytes, so the upload is judged an image by its content.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(!haveChromium)('help center in a browser', () => {
  let t: TestDesk;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestDesk('sqlite');
    base = `http://127.0.0.1:${t.desk.httpPort}`;
    browser = await launchBrowser({ locale: 'en-US' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('pages come with a strict CSP, assets with a year of cache, and only known paths fall back to the app', async () => {
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    const csp = home.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await home.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(base + asset);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');

    for (const path of ['/agent', '/agent/tickets/7', '/account', '/status/abc', '/contact']) {
      expect((await fetch(base + path)).status, path).toBe(200);
    }
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${base}/`, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } }).then((r) => r.text()))).toContain('<html lang="zh-CN">');
  });

  it('shows the support address and articles in English, switches to 简体中文 and remembers the choice', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'How can we help?' }).waitFor();
    await expect(page.getByTestId('support-address').textContent()).resolves.toBe(t.config.supportAddress);
    await page.locator('.article-list li a').first().waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await page.screenshot({ path: fileURLToPath(new URL('help-center-en.png', screenshotDir)), fullPage: true });

    await page.getByRole('button', { name: '简体中文' }).click();
    await page.getByRole('heading', { level: 1, name: '需要什么帮助？' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '需要什么帮助？' }).waitFor();
    await page.locator('.article-list li a').first().waitFor();
    await page.screenshot({ path: fileURLToPath(new URL('help-center-zh.png', screenshotDir)), fullPage: true });

    // An article opens in place and is keyboard reachable.
    const first = page.locator('.article-list li a').first();
    const title = (await first.textContent()) ?? '';
    await first.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.close();
  });

  it('a Chinese browser gets Chinese without choosing, and search finds articles', async () => {
    const zh = await launchBrowser({ locale: 'zh-CN' });
    try {
      const page = await zh.context.newPage();
      await page.goto(`${base}/`);
      await page.getByRole('heading', { level: 1, name: '需要什么帮助？' }).waitFor();
      await page.getByLabel('搜索帮助中心').fill('密码');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: '搜索结果' }).waitFor();
      await page.locator('section[aria-labelledby="results-heading"] .article-list li').first().waitFor();
    } finally {
      await zh.close();
    }
  });

  it('the channel checker tells our address from a lookalike', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/check`);
    const input = page.getByLabel('Email address, domain or URL');
    await input.fill(t.config.supportAddress);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.locator('[data-testid="verdict"][data-verdict="official"]').waitFor();

    await input.fill('support@wa11etdesk.local');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.locator('[data-testid="verdict"][data-verdict="not_official"]').waitFor();
    await page.screenshot({ path: fileURLToPath(new URL('channel-checker.png', screenshotDir)) });
    await page.close();
  });

  it('the contact form with a screenshot opens a ticket, the customer gets an acknowledgement, and the status page takes a reply', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/contact`);
    await page.getByLabel('Subject').waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await page.getByLabel('Your email address').fill('alice@example.com');
    await page.getByLabel('Your name (optional)').fill('Alice');
    await page.getByLabel('Subject').fill('Withdrawal failed');
    await page.getByLabel('What happened?').fill('Yesterday at 14:00 UTC I withdrew 100 USDT on TRON and it failed. Steps: Assets → Withdraw → Confirm.');
    await page.getByLabel('Evidence (screenshots, transaction records)').setInputFiles({ name: 'withdrawal.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Send to support' }).click();
    const done = await page.getByTestId('contact-done').textContent();
    const reference = /WD-\d+/.exec(done ?? '')?.[0];
    expect(reference).toBeDefined();

    const list = await t.api(`/api/v1/tickets?q=${encodeURIComponent('Withdrawal failed')}`);
    const summary = list.body.items.find((i: { reference: string }) => i.reference === reference);
    expect(summary).toBeDefined();
    const ticket = await t.api(`/api/v1/tickets/${summary.id}`);
    expect(ticket.body.messages[0].attachments.map((a: { filename: string }) => a.filename)).toContain('withdrawal.png');

    const ack = await waitFor(() => t.relay.mails.find((m) => m.to.includes('alice@example.com')), 'the acknowledgement');
    const text = await mailText(ack.raw);
    expect(text).toContain(reference!);
    const statusPath = /\/status\/[A-Za-z0-9._~-]+/.exec(text)?.[0];
    expect(statusPath).toBeDefined();

    await page.goto(base + statusPath);
    await expect(page.getByTestId('status-reference').textContent()).resolves.toBe(reference);
    await page.getByLabel('Add a message').fill('The transaction hash is in the screenshot.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').waitFor();
    await page.getByText('The transaction hash is in the screenshot.').waitFor();
    await page.screenshot({ path: fileURLToPath(new URL('status-page.png', screenshotDir)), fullPage: true });
    await page.close();
  });

  it('the security center placeholder answers at /account', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/account`);
    await page.getByRole('heading', { level: 1, name: 'Security center' }).waitFor();
    await page.close();
  });
});
