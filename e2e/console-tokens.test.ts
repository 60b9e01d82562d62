import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/agents/api-tokens.ts';
import { startTestDesk, type TestDesk } from '../src/platform/testing/test-desk.ts';
import { haveChromium, unlabelledControls } from './browser.ts';
import { launchConsoleBrowser, signedInAgent } from './console-agents.ts';

describe.skipIf(!haveChromium)('agent console: API tokens page', () => {
  let t: TestDesk;
  let base: string;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestDesk('sqlite'), launchConsoleBrowser()]);
    base = `http://127.0.0.1:${t.desk.httpPort}`;
    admin = await signedInAgent(browser, base, 'admin@operator.test');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('an admin sees every token without its value and revokes one, which stops working at once', async () => {
    const leaked = await createApiToken(t.desk.handle.db, 'agent@operator.test', 'leaked in a paste');
    const id = Number((await t.desk.handle.db.selectFrom('api_tokens').select('id').where('label', '=', 'leaked in a paste').executeTakeFirstOrThrow()).id);
    await admin.goto(`${base}/agent/admin/tokens`);
    await admin.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    const row = admin.getByRole('row', { name: /leaked in a paste/ });
    expect(await row.textContent()).toMatch(/agent@operator\.test/);
    expect(await admin.content()).not.toContain(leaked.slice(3, 20));
    expect(await unlabelledControls(admin)).toEqual([]);

    await row.getByRole('button', { name: `Revoke token ${id} of agent@operator.test` }).click();
    await admin.getByText(`Token ${id} of agent@operator.test revoked.`).waitFor();
    await expect.poll(() => row.count()).toBe(0);
    expect((await t.api('/api/v1/tickets', { headers: { authorization: `Bearer ${leaked}` } })).status).toBe(401);

    // On the agents page, an admin removes the TOTP of an agent who lost their phone.
    const agentId = Number((await t.desk.handle.db.selectFrom('agents').select('id').where('email', '=', 'agent@operator.test').executeTakeFirstOrThrow()).id);
    await t.desk.handle.db.updateTable('agents').set({ totp_enabled: 1, totp_secret: 'x' }).where('id', '=', agentId).execute();
    await admin.goto(`${base}/agent/admin/agents`);
    await admin.getByRole('button', { name: 'Reset 2FA of agent@operator.test' }).click();
    await admin.getByText(/2FA of agent@operator\.test removed/).waitFor();
    expect((await t.desk.handle.db.selectFrom('agents').select('totp_enabled').where('id', '=', agentId).executeTakeFirstOrThrow()).totp_enabled).toBe(0);

    await admin.goto(`${base}/agent/admin/tokens`);
    await admin.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    await admin.getByRole('button', { name: '简体中文' }).click();
    await admin.getByRole('heading', { level: 1, name: 'API 令牌' }).waitFor();
    await admin.getByRole('button', { name: 'English' }).click();
  });
});
