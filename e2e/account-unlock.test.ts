import type { Page } from 'playwright-core';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_PASSWORD, CustomerBrowser, signUpAndSignIn } from '../src/accounts/testing/customer.ts';
import { testDialects } from '../src/platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../src/platform/testing/test-desk.ts';
import { haveChromium, launchBrowser, type Browser } from './browser.ts';
import { waitFor } from './mail-text.ts';

for (const dialect of testDialects()) describe.skipIf(!haveChromium)(`a mailed unlock link in a browser (${dialect})`, () => {
  let t: TestDesk;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    // One failure per network and account; the ceiling over all networks is ten.
    t = await startTestDesk(dialect, { WALLETDESK_ACCOUNT_MAX_FAILURES: '1', WALLETDESK_TRUSTED_PROXIES: '127.0.0.1' });
    base = `http://127.0.0.1:${t.desk.httpPort}`;
    browser = await launchBrowser({ locale: 'en-US' });
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('past the ceiling the sign-in page says to use the mailed link; the link page lets this browser sign in', async () => {
    const { email } = await signUpAndSignIn(t, { browser: CustomerBrowser.of(t, { forwardedFor: '203.0.113.70' }) });
    for (let i = 0; i < 10; i += 1) expect((await CustomerBrowser.of(t, { forwardedFor: `198.18.${i}.1` }).signIn(email, `guess ${i}`)).status).toBe(401);

    const signIn = async () => {
      await page.goto(`${base}/account/signin`);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(CUSTOMER_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    };
    await signIn();
    await page.getByText(/we sent its email address a link/).waitFor();

    const mail = await waitFor(async () => {
      for (const m of t.relay.mails.filter((r) => r.to.includes(email))) {
        const parsed = await PostalMime.parse(m.raw);
        if (/sign in with this link/.test(parsed.subject ?? '')) return parsed.text ?? '';
      }
      return undefined;
    }, 'the unlock mail');
    const link = /https?:\/\/\S+\/account\/unlock\?token=\S+/.exec(mail)?.[0];
    expect(link).toBeDefined();
    await page.goto(link!.replace(/^https?:\/\/[^/]+/, base));
    await page.getByRole('heading', { level: 1, name: 'Sign in from this browser' }).waitFor();
    await page.getByRole('button', { name: 'Let this browser sign in' }).click();
    await page.getByTestId('unlock-done').waitFor();

    await signIn();
    await page.getByRole('heading', { level: 1, name: 'Security center' }).waitFor();
  });
});
