import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, type TestDesk } from '../src/platform/testing/test-desk.ts';
import { haveChromium, unlabelledControls } from './browser.ts';
import { agentPassword, launchConsoleBrowser, signedInAgent } from './console-agents.ts';
import { waitFor } from './mail-text.ts';

describe.skipIf(!haveChromium)('agent console: admin pages', () => {
  let t: TestDesk;
  let base: string;
  let browser: Browser;
  let admin: Page;
  let ticketId: number;
  const asAdmin = (path: string, init: RequestInit & { json?: unknown } = {}) => t.api(path, { ...init, headers: { authorization: `Bearer ${t.adminToken}` } });
  const adminNav = () => admin.getByRole('navigation', { name: 'Administration' });

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestDesk('sqlite'), launchConsoleBrowser()]);
    base = `http://127.0.0.1:${t.desk.httpPort}`;
    const macro = await asAdmin('/api/v1/macros', { method: 'POST', json: { name: 'Withdrawal delay', body_en: 'Hello, we are looking into it.' } });
    expect(macro.status).toBe(201);
    await t.send({ from: 'Ana Lima <ana@example.com>', to: t.config.supportAddress, subject: 'Withdrawal pending', text: 'My withdrawal has been pending for a day.' });
    ticketId = await waitFor(async () => (await t.api('/api/v1/tickets')).body.items?.[0]?.id as number | undefined, 'the ticket', 30_000);
    admin = await signedInAgent(browser, base, 'admin@operator.test');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('an admin adds an agent and requires 2FA of them; that agent then has to set up 2FA at sign-in', async () => {
    await admin.getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    expect(await admin.getByRole('row', { name: /agent@operator\.test/ }).textContent()).toMatch(/Not set up.*Active/);
    expect(await unlabelledControls(admin)).toEqual([]);

    await admin.getByLabel('Email').fill('nadia@operator.test');
    await admin.getByLabel('Name', { exact: true }).fill('Nadia');
    await admin.getByLabel('Role', { exact: true }).selectOption('agent');
    await admin.getByLabel('Initial password').fill(agentPassword);
    await admin.getByRole('button', { name: 'Add agent' }).click();
    await admin.getByText('Agent nadia@operator.test added.').waitFor();
    const row = admin.getByRole('row', { name: /nadia@operator\.test/ });
    await row.getByText('Nadia', { exact: true }).waitFor();

    const require = admin.getByRole('checkbox', { name: 'Require 2FA for nadia@operator.test' });
    expect(await require.isChecked()).toBe(false);
    await require.check();
    await admin.getByText('Saved.').waitFor();
    await expect.poll(() => require.isChecked()).toBe(true);
    const listed = (await asAdmin('/api/v1/agents')).body.items.find((a: { email: string }) => a.email === 'nadia@operator.test');
    expect(listed).toMatchObject({ name: 'Nadia', role: 'agent', require_totp: true, totp_enabled: false, active: true });

    const nadia = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await nadia.goto(`${base}/agent`);
    await nadia.getByLabel('Email').fill('nadia@operator.test');
    await nadia.getByLabel('Password').fill(agentPassword);
    await nadia.getByRole('button', { name: 'Sign in' }).click();
    await nadia.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    await nadia.context().close();

    // Deactivating and reactivating from the same row.
    await admin.getByRole('button', { name: 'Deactivate nadia@operator.test' }).click();
    await admin.getByRole('button', { name: 'Reactivate nadia@operator.test' }).waitFor();
    expect((await asAdmin('/api/v1/agents')).body.items.find((a: { email: string }) => a.email === 'nadia@operator.test').active).toBe(false);
    await admin.getByRole('button', { name: 'Reactivate nadia@operator.test' }).click();
    await admin.getByRole('button', { name: 'Deactivate nadia@operator.test' }).waitFor();
  });

  it('an admin edits a macro and adds an inactive one; the reply editor offers the edited one only', async () => {
    await adminNav().getByRole('link', { name: 'Macros' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Macros (canned replies)' }).waitFor();
    // The placeholders are explained on the page.
    for (const p of ['customer_name', 'ticket_reference', 'agent_name', 'support_address']) await admin.getByText(`{{${p}}}`, { exact: true }).waitFor();
    expect(await unlabelledControls(admin)).toEqual([]);

    await admin.getByRole('button', { name: 'Edit Withdrawal delay' }).click();
    await admin.getByRole('heading', { name: 'Edit macro “Withdrawal delay”' }).waitFor();
    await admin.getByLabel('Name', { exact: true }).fill('Withdrawal delay (network)');
    await admin.getByLabel('English body').fill('Dear {{customer_name}}, your withdrawal ({{ticket_reference}}) is waiting for network confirmations.');
    await admin.getByLabel('Chinese body (简体中文)').fill('{{customer_name}}，您好：您的提币正在等待网络确认。');
    await admin.getByRole('button', { name: 'Save macro' }).click();
    await admin.getByText('Macro saved.').waitFor();
    await admin.getByRole('row', { name: /Withdrawal delay \(network\)/ }).waitFor();

    // A typo in a placeholder is refused by the server, and the form says why.
    await admin.getByLabel('Name', { exact: true }).fill('Retired reply');
    await admin.getByLabel('English body').fill('Hi {{customer}}');
    await admin.getByLabel('Active (offered in the reply editor)').uncheck();
    await admin.getByRole('button', { name: 'Save macro' }).click();
    await admin.getByRole('alert').getByText(/unknown placeholder \{\{customer\}\}/).waitFor();
    await admin.getByLabel('English body').fill('This reply is no longer used.');
    await admin.getByRole('button', { name: 'Save macro' }).click();
    await admin.getByText('Macro saved.').waitFor();
    expect(await admin.getByRole('row', { name: /Retired reply/ }).textContent()).toMatch(/Inactive/);

    await admin.goto(`${base}/agent/tickets/${ticketId}`);
    const picker = admin.getByLabel('Canned reply');
    await expect.poll(() => picker.locator('option').allTextContents()).toEqual(['Choose a canned reply…', 'Withdrawal delay (network)']);
    await picker.selectOption({ label: 'Withdrawal delay (network)' });
    await admin.getByRole('button', { name: 'Insert' }).click();
    await expect.poll(() => admin.locator('#reply-text').inputValue()).toMatch(/^Dear Ana Lima, your withdrawal \(WD-[^)]+\) is waiting for network confirmations\.$/);

    // Deleting asks once more before it happens.
    await admin.goto(`${base}/agent/admin/macros`);
    await admin.getByRole('button', { name: 'Delete Retired reply' }).click();
    await admin.getByRole('button', { name: 'Really delete Retired reply' }).click();
    await admin.getByText('Macro deleted.').waitFor();
    expect((await asAdmin('/api/v1/macros')).body.items.map((m: { name: string }) => m.name)).toEqual(['Withdrawal delay (network)']);
  });

  it('an admin adds a support alias that then takes mail, and removes it; configured aliases cannot be removed', async () => {
    await admin.goto(`${base}/agent/admin/addresses`);
    await admin.getByRole('heading', { level: 1, name: 'Support addresses' }).waitFor();
    expect(await admin.locator('.support-address').textContent()).toBe(t.config.supportAddress);
    const configured = admin.getByRole('listitem').filter({ hasText: 'help@walletdesk.local' });
    await configured.getByText('from configuration').waitFor();
    expect(await configured.getByRole('button').count()).toBe(0);
    expect(await unlabelledControls(admin)).toEqual([]);

    await admin.getByLabel('New alias').fill('VIP@walletdesk.local');
    await admin.getByRole('button', { name: 'Add alias' }).click();
    await admin.getByText('Alias vip@walletdesk.local added.').waitFor();
    const added = admin.getByRole('listitem').filter({ hasText: 'vip@walletdesk.local' });
    await added.getByText('added here').waitFor();
    const sent = await t.send({ from: 'ben@example.com', to: 'vip@walletdesk.local', subject: 'Through the alias', text: 'Hello' });
    expect(sent.response).toMatch(/^250 /);

    await admin.getByLabel('New alias').fill('help@walletdesk.local');
    await admin.getByRole('button', { name: 'Add alias' }).click();
    await admin.getByRole('alert').getByText(/409 conflict/).waitFor();

    await added.getByRole('button', { name: 'Remove vip@walletdesk.local' }).click();
    await admin.getByText('Alias vip@walletdesk.local removed.').waitFor();
    await expect(t.send({ from: 'ben@example.com', to: 'vip@walletdesk.local', subject: 'Too late', text: 'Hello' })).rejects.toMatchObject({ responseCode: 550 });

    // The pages speak Chinese too.
    await admin.getByRole('button', { name: '简体中文' }).click();
    await admin.getByRole('heading', { level: 1, name: '客服邮箱' }).waitFor();
    await configured.getByText('来自配置').waitFor();
    await admin.getByRole('navigation', { name: '管理' }).getByRole('link', { name: '客服人员' }).waitFor();
    await admin.getByRole('button', { name: 'English' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Support addresses' }).waitFor();
  });

  it('an agent who is not an admin sees no admin link, and the pages refuse them', async () => {
    const agent = await signedInAgent(browser, base, 'agent@operator.test');
    expect(await agent.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await agent.goto(`${base}/agent/admin/agents`);
    await agent.getByText('Only admins can open these pages.').waitFor();
    expect(await agent.getByRole('table').count()).toBe(0);
    await agent.context().close();
  });
});
