import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (.ci/run installs it); a browser is never downloaded. */
export const chromiumPath = process.env.WALLETDESK_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export type Browser = { context: BrowserContext; close: () => Promise<void> };

/** Headless Chromium on a fresh profile directory, removed again on close. */
export async function launchBrowser(opts: { locale?: string; ignoreHttpsErrors?: boolean } = {}): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'walletdesk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: opts.ignoreHttpsErrors ? [...chromiumArgs, '--ignore-certificate-errors'] : chromiumArgs,
    locale: opts.locale ?? 'en-US',
    ignoreHTTPSErrors: opts.ignoreHttpsErrors ?? false,
    viewport: { width: 1280, height: 860 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export const screenshotDir = new URL('../docs/screenshots/', import.meta.url);

/** Form controls a screen reader would announce without a name: no <label>, aria-label or aria-labelledby. */
export async function unlabelledControls(page: import('playwright-core').Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')]
      .filter((el) => el.type !== 'hidden' && (el.labels?.length ?? 0) === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}
