import { fileURLToPath } from 'node:url';
import { generate } from 'otplib';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, type TestDesk } from '../src/platform/testing/test-desk.ts';
import { haveChromium, launchBrowser, screenshotDir, unlabelledControls, type Browser } from './browser.ts';
import { agentPassword } from './console-agents.ts';
import { startHttpsCounter } from './https-counter.ts';
import { mailText, waitFor } from './mail-text.ts';

/** Resolves once the mail's frame has loaded, which waits for every image it requested. */
async function frameLoaded(iframe: Locator): Promise<void> {
  await (await (await iframe.elementHandle())!.contentFrame())!.waitForLoadState('load');
}

describe.skipIf(!haveChromium)('agent console in a browser', () => {
  let t: TestDesk;
  let base: string;
  let browser: Browser;
  let tracker: Awaited<ReturnType<typeof startHttpsCounter>>;
  let page: Page;
  let ticketId: number;
  let totpSecret = '';

  beforeAll(async () => {
    tracker = await startHttpsCounter();
    t = await startTestDesk('sqlite', { WALLETDESK_AGENT_REQUIRE_TOTP: 'true' });
    base = `http://127.0.0.1:${t.desk.httpPort}`;
    browser = await launchBrowser({ locale: 'en-US', ignoreHttpsErrors: true });
    page = await browser.context.newPage();

    await t.send({ from: 'Carol <carol@example.com>', to: t.config.supportAddress, subject: 'Fee question', text: 'Why was the fee on my USDT transfer so high?' });
    await waitFor(async () => ((await t.api('/api/v1/tickets?q=fee')).body.items?.length ? true : undefined), 'the first ticket', 30_000);
    await t.send({
      from: 'Bob <bob@example.com>',
      to: t.config.supportAddress,
      subject: 'Is this email from you?',
      text: 'I got a strange mail, see below.',
      html: `<p>I got this mail:</p>
        <script>fetch('${tracker.origin}/script'); window.parent.document.title = 'pwned';</script>
        <img src="x" onerror="fetch('${tracker.origin}/onerror')">
        <img src="${tracker.origin}/pixel.gif" alt="tracker">
        <p onclick="alert(1)">Click to claim your airdrop</p>`,
    });
    ticketId = await waitFor(async () => {
      const list = await t.api('/api/v1/tickets?q=strange');
      return list.body.items?.[0]?.id as number | undefined;
    }, 'the ticket from the HTML mail', 30_000);
    const macro = await t.api('/api/v1/macros', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminToken}` },
      json: { name: 'Phishing check', body_en: 'Hello {{customer_name}}, that mail was not from us ({{ticket_reference}}).', body_zh: '' },
    });
    expect(macro.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    await tracker?.stop();
  });

  it('an agent enrols TOTP, signs out, and signs in again with a code', async () => {
    await page.goto(`${base}/agent`);
    await page.getByLabel('Email').fill('agent@operator.test');
    await page.getByLabel('Password').fill(agentPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    totpSecret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(totpSecret).toMatch(/^[A-Z2-7]+$/);
    await page.getByLabel('Authentication code').fill(await generate({ secret: totpSecret }));
    await page.getByRole('button', { name: 'Turn on and continue' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('agent@operator.test');
    await page.getByLabel('Password').fill(agentPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code').waitFor();
    // The code of the step just used is refused (no replay); the next step's code is within the allowed drift.
    await page.getByLabel('Authentication code').fill(await generate({ secret: totpSecret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.locator('.tickets li').first().waitFor();
  });

  it('customer HTML runs no script and loads nothing remote until the agent allows it', async () => {
    await page.locator('.tickets li a', { hasText: 'Is this email from you?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Is this email from you?' }).waitFor();
    const frame = page.locator('.mail-frame iframe').first();
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.getAttribute('srcdoc')).toContain("default-src 'none'; img-src data: cid:;");
    await page.getByText('Remote images are blocked').waitFor();
    // By the frame's load event a leaked request would have reached the counter.
    await frameLoaded(frame);
    expect([...tracker.hits.keys()]).toEqual([]);
    expect(await page.title()).not.toBe('pwned');

    expect(await unlabelledControls(page)).toEqual([]);
    await page.screenshot({ path: fileURLToPath(new URL('console-ticket.png', screenshotDir)), fullPage: true });

    await page.getByRole('button', { name: 'Load remote images' }).click();
    await waitFor(() => (tracker.hits.get('/pixel.gif') ? true : undefined), 'the remote image after the agent allowed it');
    expect(tracker.hits.get('/script')).toBeUndefined();
    expect(tracker.hits.get('/onerror')).toBeUndefined();
    expect(await page.title()).not.toBe('pwned');
  });

  it('j and k walk the list, a reply built from a macro reaches the customer, and e resolves the ticket', async () => {
    await page.locator('.ticket h1').click();
    await page.keyboard.press('j');
    await page.getByRole('heading', { level: 1, name: 'Fee question' }).waitFor();
    await page.keyboard.press('k');
    await page.getByRole('heading', { level: 1, name: 'Is this email from you?' }).waitFor();

    await page.getByLabel('Canned reply').selectOption({ label: 'Phishing check' });
    await page.getByRole('button', { name: 'Insert' }).click();
    const editor = page.getByLabel('Reply to the customer (r)');
    await expect.poll(() => editor.inputValue()).toContain('that mail was not from us');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Reply sent.').waitFor();
    await waitFor(async () => {
      const texts = await Promise.all(t.relay.mails.filter((m) => m.to.includes('bob@example.com')).map((m) => mailText(m.raw)));
      return texts.find((text) => text.includes('that mail was not from us'));
    }, 'the reply at the relay');

    await page.locator('.ticket h1').click();
    await page.keyboard.press('e');
    await expect.poll(async () => (await t.api(`/api/v1/tickets/${ticketId}`)).body.status).toBe('resolved');
    // The list follows: a resolved ticket is no longer open.
    await expect.poll(() => page.locator('.tickets li strong').allTextContents()).toEqual(['Fee question']);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ticket-search');
    await page.screenshot({ path: fileURLToPath(new URL('console.png', screenshotDir)), fullPage: true });
    await page.getByRole('button', { name: '简体中文' }).click();
    await page.getByRole('link', { name: '全部未结' }).waitFor();
    // The evidence checklist's keys are words in the agent's language too.
    await page.getByText('仍缺少：经过及操作步骤').waitFor();
    await frameLoaded(page.locator('.mail-frame iframe').first());
    await page.screenshot({ path: fileURLToPath(new URL('console-zh.png', screenshotDir)), fullPage: true });
  });
});
