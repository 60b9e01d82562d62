import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, type TestDesk } from '../src/platform/testing/test-desk.ts';
import { haveChromium, screenshotDir } from './browser.ts';
import { launchConsoleBrowser, signedInAgent } from './console-agents.ts';
import { mailText, waitFor } from './mail-text.ts';

const customer = 'dana@example.com';
const note = 'Hot wallet node was resyncing at the time; the payout is queued (internal).';
const replyText = 'Your withdrawal is on its way and should arrive within the hour.';

describe.skipIf(!haveChromium)('agent console: working a ticket', () => {
  let t: TestDesk;
  let base: string;
  let browser: Browser;
  let page: Page;
  let ticketId: number;
  let statusPath: string;
  let screenshot: Buffer;

  const ticketApi = async () => (await t.api(`/api/v1/tickets/${ticketId}`)).body;
  const view = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name, exact: true });
  /** The customer's mail as it left the desk, decoded. */
  const mailsToCustomer = () => Promise.all(t.relay.mails.filter((m) => m.to.includes(customer)).map(async (m) => ({ raw: m.raw, text: await mailText(m.raw) })));

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestDesk('sqlite'), launchConsoleBrowser()]);
    base = `http://127.0.0.1:${t.desk.httpPort}`;
    // The customer attaches a real screenshot: the help center as their browser showed it.
    const shooter = await browser.newPage({ viewport: { width: 480, height: 300 } });
    await shooter.goto(`${base}/`);
    await shooter.getByRole('heading', { level: 1 }).waitFor();
    screenshot = await shooter.screenshot();
    await shooter.close();
    await t.send({
      from: `Dana <${customer}>`,
      to: t.config.supportAddress,
      subject: 'Withdrawal stuck',
      text: 'My withdrawal of 50 USDT has been pending for six hours. A screenshot of the app is attached.',
      attachments: [{ filename: 'withdrawal.png', content: screenshot, contentType: 'image/png' }],
    });
    ticketId = await waitFor(async () => (await t.api('/api/v1/tickets?q=stuck')).body.items?.[0]?.id as number | undefined, 'the ticket', 30_000);
    const ack = await waitFor(async () => (await mailsToCustomer()).find((m) => m.text.includes('/status/')), 'the acknowledgement');
    statusPath = /\/status\/[A-Za-z0-9._~-]+/.exec(ack.text)![0];
    page = await signedInAgent(browser, base, 'agent@operator.test');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('the unassigned view opens the ticket, whose PNG attachment shows as a preview and downloads byte for byte', async () => {
    await view('Unassigned').click();
    await page.locator('.tickets li a', { hasText: 'Withdrawal stuck' }).click();
    await page.getByRole('heading', { level: 1, name: 'Withdrawal stuck' }).waitFor();

    const preview = page.getByRole('img', { name: 'withdrawal.png' });
    await preview.scrollIntoViewIfNeeded();
    // Decoded, not a broken-image icon: the browser knows its real size.
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(480);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'withdrawal.png' }).click()]);
    expect(download.suggestedFilename()).toBe('withdrawal.png');
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(screenshot)).toBe(true);
  });

  it('r puts the cursor in the reply editor without typing an r', async () => {
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('r');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reply-text');
    expect(await page.getByLabel('Reply to the customer (r)').inputValue()).toBe('');
  });

  it('an internal note shows for agents but is in no mail to the customer and not on the status page', async () => {
    await page.getByLabel('Add an internal note (customers never see it)').fill(note);
    await page.getByRole('button', { name: 'Add note' }).click();
    const added = page.locator('.notes li', { hasText: note });
    await added.waitFor();
    expect(await added.textContent()).toContain('agent@operator.test');

    await page.getByLabel('Reply to the customer (r)').fill(replyText);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Reply sent.').waitFor();
    await waitFor(async () => (await mailsToCustomer()).find((m) => m.text.includes(replyText)), 'the reply at the relay');
    for (const mail of await mailsToCustomer()) {
      expect(mail.text).not.toContain('resyncing');
      expect(mail.raw).not.toContain('resyncing');
    }

    const statusPage = await page.context().newPage();
    await statusPage.goto(base + statusPath);
    await statusPage.getByText(replyText).waitFor();
    expect(await statusPage.content()).not.toContain('resyncing');
    await statusPage.close();
  });

  it('assigning to me moves the ticket from unassigned to mine, and a status change is saved', async () => {
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => page.getByTestId('assignee').textContent()).toBe('agent@operator.test');
    expect((await ticketApi()).assignee.email).toBe('agent@operator.test');

    // The reply set the ticket to pending customer; the agent opens it again.
    expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('pending');
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Open' });
    await page.getByText('Saved.').waitFor();
    await expect.poll(async () => (await ticketApi()).status).toBe('open');

    // Changing the view closes the ticket; it is found again in Mine.
    await view('Unassigned').click();
    await page.getByText('No tickets in this view.').waitFor();
    await view('Mine').click();
    await page.locator('.tickets li a', { hasText: 'Withdrawal stuck' }).click();

    await page.getByRole('button', { name: 'Unassign' }).click();
    await expect.poll(() => page.getByTestId('assignee').textContent()).toBe('Nobody');
    expect((await ticketApi()).assignee).toBeNull();
  });

  it('tags are added and removed', async () => {
    const tags = page.getByLabel('Tags');
    await tags.fill('withdrawal, VIP');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => [...(await ticketApi()).tags].sort()).toEqual(['vip', 'withdrawal']);
    // The field shows the tags as the desk keeps them (lower-cased).
    const kept = ((await ticketApi()).tags as string[]).join(', ');
    await expect.poll(() => tags.inputValue()).toBe(kept);

    await tags.fill('withdrawal');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await ticketApi()).tags).toEqual(['withdrawal']);
  });

  it('a second agent opening the ticket shows as a live notice, then their typing, and it clears when they leave', async () => {
    const admin = await signedInAgent(browser, base, 'admin@operator.test');
    try {
      await admin.goto(`${base}/agent/tickets/${ticketId}`);
      await page.getByTestId('presence').getByText('admin@operator.test also viewing this ticket').waitFor();
      await admin.getByTestId('presence').getByText('agent@operator.test also viewing this ticket').waitFor();

      await admin.getByLabel('Reply to the customer (r)').fill('Dear Dana,');
      await page.getByTestId('presence').getByText('admin@operator.test typing a reply').waitFor();
      await page.screenshot({ path: fileURLToPath(new URL('console-ticket-work.png', screenshotDir)), fullPage: true });
    } finally {
      await admin.context().close();
    }
    await expect.poll(() => page.getByTestId('presence').textContent()).toBe('');
  });
});
