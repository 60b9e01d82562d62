import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './browser.ts';

/** The password startTestDesk gives its two agents, agent@operator.test and admin@operator.test. */
export const agentPassword = 'correct horse battery staple';

/**
 * One Chromium for a test file; each agent gets a context of their own (own cookies, so own session), which is
 * how two agents look at the same ticket at once.
 */
export function launchConsoleBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/** A signed-in console page in a fresh context, on a desk that does not require TOTP. */
export async function signedInAgent(browser: Browser, base: string, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(`${base}/agent`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(agentPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}
