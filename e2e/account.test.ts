import { fileURLToPath } from 'node:url';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalSmsProvider, type LocalSmsProvider } from '../src/accounts/two-factor/local-sms-provider.ts';
import { testDialects } from '../src/platform/testing/test-database.ts';
import { startTestDesk, type TestDesk } from '../src/platform/testing/test-desk.ts';
import { haveChromium, launchBrowser, screenshotDir, unlabelledControls, type Browser } from './browser.ts';
import { waitFor } from './mail-text.ts';

const email = 'carol@example.com';
const password = 'violet tundra saxophone 42 lanterns!';
// geoip-lite places these in Hangzhou (CN) and St Albans (GB): the trusted proxy vouches for them.
const chinaIp = '223.5.5.5';
const britainIp = '81.2.69.142';
const phone = '+447700900123';

type Mail = { subject: string; text: string };

for (const dialect of testDialects()) describe.skipIf(!haveChromium)(`security center in a browser (${dialect})`, () => {
  let t: TestDesk;
  let sms: LocalSmsProvider;
  let base: string;
  const browsers: Browser[] = [];
  let page: Page;
  let totpSecret = '';
  let recoveryCodes: string[] = [];
  // The pages run under the strict CSP: anything it blocks (an inline style or script) is a bug.
  const cspViolations: string[] = [];

  /** A fresh browser (its own cookies, so a new device) whose requests arrive through the proxy from `ip`. */
  async function browserFrom(ip: string): Promise<Page> {
    const browser = await launchBrowser({ locale: 'en-US' });
    browsers.push(browser);
    await browser.context.setExtraHTTPHeaders({ 'X-Forwarded-For': ip });
    browser.context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    return browser.context.newPage();
  }

  /** Mails to the customer, parsed, in the order the relay received them. */
  async function mailsTo(address: string): Promise<Mail[]> {
    const raw = t.relay.mails.filter((m) => m.to.includes(address));
    return Promise.all(raw.map(async (m) => {
      const parsed = await PostalMime.parse(m.raw);
      return { subject: parsed.subject ?? '', text: parsed.text ?? '' };
    }));
  }

  async function signIn(on: Page, second?: { code?: string; recovery?: string }) {
    await on.goto(`${base}/account/signin`);
    await on.getByLabel('Email address').fill(email);
    await on.getByLabel('Password', { exact: true }).fill(password);
    await on.getByRole('button', { name: 'Sign in', exact: true }).click();
    if (second) {
      await on.getByRole('group', { name: /Second step/ }).waitFor();
      if (second.recovery) {
        await on.getByRole('button', { name: 'Use a recovery code' }).click();
        await on.getByLabel('Recovery code').fill(second.recovery);
        await on.getByRole('button', { name: 'Sign in', exact: true }).click();
      } else {
        // Focus lands on the code field, and the keyboard alone finishes the sign-in.
        await on.waitForFunction(() => document.activeElement?.id === 'signin-code');
        await on.keyboard.type(second.code ?? '');
        await on.keyboard.press('Enter');
      }
    }
    await on.getByRole('heading', { level: 1, name: 'Security center' }).waitFor();
    await on.getByTestId('security-score').waitFor();
  }

  /** The customer's security overview as their signed-in page sees it. */
  const securityOf = (on: Page) => on.evaluate(() => fetch('/api/v1/account/security').then((r) => r.json() as Promise<{ frozen: boolean }>));

  beforeAll(async () => {
    sms = await startLocalSmsProvider();
    t = await startTestDesk(dialect, { WALLETDESK_TRUSTED_PROXIES: '127.0.0.1', WALLETDESK_SMS_GATEWAY_URL: sms.url });
    base = `http://127.0.0.1:${t.desk.httpPort}`;
    page = await browserFrom(chinaIp);
  });
  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await t?.stop();
    await sms?.close();
  });

  it('signs up (a weak password gets the rule, tied to the field), confirms the email from the mail, signs in', async () => {
    await page.goto(`${base}/account/signup`);
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    await page.getByText('a mix of letters, digits and symbols helps').waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await page.getByLabel('Email address').fill(email);
    const newPassword = page.getByLabel('New password');
    await newPassword.fill('password1234');
    await page.getByRole('button', { name: 'Create account' }).click();
    const fieldError = page.locator('#signup-password-error');
    // The server's message names the rule (password1234 is on every common-password list).
    expect(await fieldError.textContent()).toMatch(/common/i);
    expect(await newPassword.getAttribute('aria-invalid')).toBe('true');
    expect(await newPassword.getAttribute('aria-describedby')).toContain('signup-password-error');

    await newPassword.fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('signup-done').waitFor();

    const verification = await waitFor(async () => (await mailsTo(email)).find((m) => m.text.includes('/account/verify?token=')), 'the verification mail');
    const link = /https?:\/\/\S+\/account\/verify\?token=[A-Za-z0-9._~%-]+/.exec(verification.text)?.[0];
    expect(link).toBeDefined();
    const url = new URL(link!);
    // The link opens a page and the button verifies: mail scanners open links without meaning to.
    await page.goto(base + url.pathname + url.search);
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await page.getByTestId('email-verified').waitFor();

    await signIn(page);
  });

  it('enrols an authenticator from the secret on the page, shows recovery codes once, and needs a code to sign in', async () => {
    await page.goto(`${base}/account/2fa`);
    await page.getByRole('heading', { level: 1, name: 'Two-factor authentication' }).waitFor();
    await page.getByText('weaker', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    totpSecret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(totpSecret).toMatch(/^[A-Z2-7]{16,}$/);
    // The server's QR SVG arrives as an image, never as markup in the page.
    expect(await page.locator('img.qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await page.locator('main svg').count()).toBe(0);
    expect(await unlabelledControls(page)).toEqual([]);
    await page.screenshot({ path: fileURLToPath(new URL('account-2fa.png', screenshotDir)), fullPage: true });

    await page.getByLabel('Authentication code').fill(await generate({ secret: totpSecret }));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    recoveryCodes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    const done = page.getByRole('button', { name: 'Done' });
    expect(await done.isDisabled()).toBe(true);
    await page.getByLabel('I saved these codes somewhere safe').check();
    await done.click();
    await page.getByTestId('totp-state').getByText('on', { exact: true }).waitFor();
    expect(await page.getByTestId('recovery-codes').count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 2, name: 'Sign in' }).waitFor();
    // The code used for enrolment is spent; the next time step's code signs in.
    await signIn(page, { code: await generate({ secret: totpSecret, epoch: Math.floor(Date.now() / 1000) + 30 }) });
  });

  it('the overview shows the score, 2FA on, the withdrawal hold counting down, and next steps', async () => {
    await page.goto(`${base}/account`);
    await page.getByTestId('two-factor-state').getByText('on', { exact: true }).first().waitFor();
    const countdown = page.getByTestId('hold-countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/^(\d+ d )?\d\d:\d\d:\d\d$/);
    await page.waitForFunction((before) => document.querySelector('[data-testid="hold-countdown"]')?.textContent !== before, first);
    await page.screenshot({ path: fileURLToPath(new URL('account-overview.png', screenshotDir)), fullPage: true });
  });

  it('sets the anti-phishing phrase', async () => {
    await page.goto(`${base}/account/phrase`);
    await page.getByText('No anti-phishing phrase yet.').waitFor();
    await page.getByLabel('Your phrase').fill('blue heron at dawn');
    await page.getByRole('button', { name: 'Save phrase' }).click();
    await page.getByTestId('phrase-saved').waitFor();
    await page.getByTestId('phrase-state').getByText('Your anti-phishing phrase is set.').waitFor();
  });

  it('a sensitive change after 15 minutes asks for the password and a code, then goes through', async () => {
    // The desk runs in this process: moving its clock past the recent-sign-in window is enough.
    const realNow = Date.now.bind(Date);
    const later = () => realNow() + 16 * 60_000;
    const clock = vi.spyOn(Date, 'now').mockImplementation(later);
    try {
      await page.goto(`${base}/account/phrase`);
      await page.getByLabel('New phrase').fill('green kettle');
      await page.getByRole('button', { name: 'Save phrase' }).click();
      await page.getByRole('heading', { level: 2, name: 'Confirm it is you' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('reauth-heading');
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      // A recovery code, not a TOTP code: a code of the moved clock's time step would stay "used" in the future.
      await page.locator('#reauth-code').fill(recoveryCodes[9]!);
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      await page.getByTestId('phrase-saved').waitFor();
      expect(await page.getByRole('heading', { name: 'Confirm it is you' }).count()).toBe(0);
    } finally {
      clock.mockRestore();
    }
  });

  it('adds SMS codes (marked weaker) and signs in with a code it asked to be sent by SMS', async () => {
    await page.goto(`${base}/account/2fa`);
    await page.getByLabel('Mobile phone number').fill(phone);
    await page.getByRole('button', { name: 'Send a code' }).click();
    await page.locator('#sms-code').fill(await sms.codeFor(phone));
    await page.getByRole('button', { name: 'Turn on SMS codes' }).click();
    await page.getByTestId('sms-state').getByText('on', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 2, name: 'Sign in' }).waitFor();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const sent = sms.received.length;
    await page.getByRole('button', { name: 'Send me an SMS code' }).click();
    await page.getByText('If SMS is set up for this account, a code is on its way.').waitFor();
    await page.getByLabel('Authentication code').fill(await sms.codeFor(phone, sent));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('security-score').waitFor();
  });

  it('login activity lists the sign-in with its place', async () => {
    await page.goto(`${base}/account/activity`);
    const firstRow = page.getByTestId('login-activity').locator('tbody tr').first();
    await firstRow.waitFor();
    expect(await firstRow.textContent()).toContain('signed in');
    expect(await firstRow.textContent()).toContain('Hangzhou');
    expect(await firstRow.textContent()).toContain(chinaIp);
  });

  it('a session revoked from the first browser is signed out in the second', async () => {
    const second = await browserFrom(chinaIp);
    await signIn(second, { recovery: recoveryCodes[0] });

    await page.goto(`${base}/account/sessions`);
    const rows = page.getByTestId('sessions').locator('tbody tr');
    await waitFor(async () => ((await rows.count()) === 2 ? true : undefined), 'two sessions');
    // The only button in the table belongs to the other session; this browser's row has none.
    await page.getByTestId('sessions').getByRole('button', { name: /^Sign out / }).click();
    await page.getByRole('status').waitFor();
    await waitFor(async () => ((await rows.count()) === 1 ? true : undefined), 'one session left');

    await second.goto(`${base}/account/sessions`);
    await second.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await second.getByTestId('sessions').count()).toBe(0);
  });

  it('a sign-in from a new country sends the alert; its link freezes the account only when the button is pressed', async () => {
    const abroad = await browserFrom(britainIp);
    await signIn(abroad, { recovery: recoveryCodes[1] });

    const alert = await waitFor(async () => (await mailsTo(email)).find((m) => /unusual sign-in/i.test(m.subject) && m.text.includes('St Albans')), 'the unusual sign-in alert');
    // Every mail we send the customer carries their anti-phishing phrase.
    expect(alert.text).toContain('green kettle');
    const link = /https?:\/\/\S+\/account\/freeze\?token=[A-Za-z0-9._~%-]+/.exec(alert.text)?.[0];
    expect(link).toBeDefined();
    const url = new URL(link!);

    await page.goto(`${base}/account/activity`);
    const newest = page.getByTestId('login-activity').locator('tbody tr').first();
    await newest.waitFor();
    expect(await newest.getAttribute('data-flagged')).toBe('true');
    expect(await newest.textContent()).toContain('new country');

    await page.goto(base + url.pathname + url.search);
    await page.getByRole('heading', { level: 1, name: 'Was this not you?' }).waitFor();
    expect((await securityOf(page)).frozen).toBe(false);
    await page.getByRole('button', { name: 'Freeze my account' }).click();
    await page.getByTestId('freeze-done').waitFor();

    // Every session ended with the freeze; signing in again shows the frozen account.
    await signIn(page, { recovery: recoveryCodes[2] });
    await page.getByTestId('frozen-banner').waitFor();
    expect((await securityOf(page)).frozen).toBe(true);
  });

  it('switches an account page to 简体中文', async () => {
    await page.goto(`${base}/account/activity`);
    await page.getByRole('heading', { level: 1, name: 'Login activity' }).waitFor();
    await page.getByRole('button', { name: '简体中文' }).click();
    await page.getByRole('heading', { level: 1, name: '登录记录' }).waitFor();
    await page.getByRole('navigation', { name: '安全中心' }).getByRole('link', { name: '双重验证' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('button', { name: 'English' }).click();
  });

  it('"my account was stolen": signed out it points to a reset and the contact form; signed in it reports and guides on', async () => {
    const signedOut = await browsers[1]!.context.newPage();
    await signedOut.goto(`${base}/account/stolen`);
    expect(await signedOut.getByRole('link', { name: 'Reset your password' }).getAttribute('href')).toBe('/account/forgot');
    expect(await signedOut.getByRole('main').getByRole('link', { name: 'Contact support' }).getAttribute('href')).toBe('/contact');

    await page.goto(`${base}/account/stolen`);
    await page.getByLabel('Your last sign-in that was really you').fill('Yesterday 09:00 from Hangzhou');
    await page.getByLabel('What happened that you did not do').fill('A withdrawal of 0.5 BTC');
    await page.getByLabel('Amounts and times').fill('0.5 BTC at 02:10 UTC');
    await page.getByLabel('Anything else').fill('I clicked a link in a mail that looked like yours.');
    expect(await unlabelledControls(page)).toEqual([]);
    await page.getByRole('button', { name: 'Freeze my account and report' }).click();
    const reference = /WD-\d+/.exec((await page.getByTestId('stolen-reference').textContent()) ?? '')?.[0];
    expect(reference).toBeDefined();
    const tickets = await t.api('/api/v1/tickets');
    expect(tickets.body.items.map((i: { reference: string }) => i.reference)).toContain(reference);

    await page.getByRole('heading', { level: 2, name: 'New password' }).waitFor();
    await page.getByLabel('Current password').fill(password);
    await page.getByLabel('New password').fill('a brand new password for a frozen account 7');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { level: 2, name: 'Two-factor authentication' }).waitFor();
    await page.getByText('Your authenticator app is already on').waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 2, name: 'Done' }).waitFor();
  });

  it('a forgotten password is reset through the single-use link in the mail', async () => {
    const other = await browsers[1]!.context.newPage();
    await other.goto(`${base}/account/signin`);
    await other.getByRole('link', { name: 'Forgot your password?' }).click();
    await other.getByLabel('Email address').fill(email);
    await other.getByRole('button', { name: 'Send me a link' }).click();
    await other.getByRole('status').waitFor();

    const mail = await waitFor(async () => (await mailsTo(email)).find((m) => m.text.includes('/account/reset?token=')), 'the reset mail');
    const url = new URL(/https?:\/\/\S+\/account\/reset\?token=[A-Za-z0-9._~%-]+/.exec(mail.text)![0]);
    await other.goto(base + url.pathname + url.search);
    await other.getByLabel('New password').fill(password);
    await other.getByRole('button', { name: 'Save new password' }).click();
    await other.getByText('Your password is changed. Sign in with the new one.').waitFor();

    // The link works once.
    await other.goto(base + url.pathname + url.search);
    await other.getByLabel('New password').fill(password);
    await other.getByRole('button', { name: 'Save new password' }).click();
    await other.getByText(/This link is not valid any more/).waitFor();
  });

  it('"freeze my account" asks to confirm, with the keyboard on the confirming button', async () => {
    // The reset signed every session out.
    await signIn(page, { recovery: recoveryCodes[3] });
    await page.goto(`${base}/account/freeze`);
    await page.getByRole('button', { name: 'Freeze my account' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Yes, freeze it');
    await page.keyboard.press('Enter');
    // (The account is frozen already, by the link: POST /freeze answers all the same.)
    await page.getByTestId('freeze-done').waitFor();
  });

  it('no page broke the strict CSP', () => {
    expect(cspViolations).toEqual([]);
  });
});
