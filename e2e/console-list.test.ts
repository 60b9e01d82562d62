import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, type TestDesk } from '../src/platform/testing/test-desk.ts';
import { haveChromium } from './browser.ts';
import { launchConsoleBrowser, signedInAgent } from './console-agents.ts';
import { waitFor } from './mail-text.ts';

/** More tickets than the console's page of 25, so the list needs a second page. */
const SEEDED = 30;
const subjectOf = (n: number) => `Question ${String(n).padStart(2, '0')}`;
const seeds = Array.from({ length: SEEDED }, (_, i) => i + 1);

// What each seeded ticket is set to, so every view, filter and sort has a known answer.
const pending = new Set([2, 4]);
const mine = new Set([6, 8]);
const fees = new Set([3, 7, 11]);
const priorityOf = (n: number) => (n === 5 ? 'urgent' : n === 9 ? 'high' : 'normal');
/** Touched after all the others: first when sorted by last update. */
const lastUpdated = 10;

const open = seeds.filter((n) => !pending.has(n));

describe.skipIf(!haveChromium)('agent console: views, filters, sorting and paging', () => {
  let t: TestDesk;
  let base: string;
  let browser: Browser;
  let page: Page;
  /** Ticket ids by seed number: mail is processed concurrently, so ids need not follow the sending order. */
  const ids = new Map<number, number>();
  const oldestFirst = (ns: number[]) => [...ns].sort((a, b) => ids.get(a)! - ids.get(b)!).map(subjectOf);
  const newestFirst = (ns: number[]) => oldestFirst(ns).reverse();

  const listed = () => page.locator('.tickets li strong').allTextContents();
  const view = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name, exact: true });
  const total = (n: number) => page.locator('.ticket-list').getByText(new RegExp(`^${n} tickets? ·`));
  const filter = (label: string) => page.locator('.ticket-list').getByLabel(label, { exact: true });

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestDesk('sqlite'), launchConsoleBrowser()]);
    base = `http://127.0.0.1:${t.desk.httpPort}`;
    await Promise.all(seeds.map((n) => t.send({ from: `customer${n}@example.com`, to: t.config.supportAddress, subject: subjectOf(n), text: `Hello, this is question number ${n}.` })));
    await waitFor(async () => ((await t.api('/api/v1/tickets?limit=1')).body.total === SEEDED ? true : undefined), `${SEEDED} tickets`, 30_000);
    for (const item of (await t.api('/api/v1/tickets?limit=50')).body.items as { id: number; subject: string }[]) {
      ids.set(Number(item.subject.replace('Question ', '')), item.id);
    }
    const agents = await t.api('/api/v1/agents', { headers: { authorization: `Bearer ${t.adminToken}` } });
    const agentId = agents.body.items.find((a: { email: string }) => a.email === 'agent@operator.test').id as number;
    const patch = async (n: number, json: Record<string, unknown>) => {
      const res = await t.api(`/api/v1/tickets/${ids.get(n)}`, { method: 'PATCH', json });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { updated_at: string };
    };
    // Triage chose categories and priorities from the words; the test sets its own so the answers are known.
    const updates = await Promise.all(
      seeds
        .filter((n) => n !== lastUpdated)
        .map((n) =>
          patch(n, {
            category: fees.has(n) ? 'fees' : 'other',
            priority: priorityOf(n),
            ...(pending.has(n) ? { status: 'pending' } : {}),
            ...(mine.has(n) ? { assignee_id: agentId } : {}),
          }),
        ),
    );
    const latest = updates.map((u) => u.updated_at).sort().at(-1)!;
    // Strictly later than every other update, so "recently updated" has exactly one answer.
    await waitFor(() => (new Date().toISOString() > latest ? true : undefined), 'the clock to pass the last update');
    await patch(lastUpdated, { category: 'other', priority: priorityOf(lastUpdated) });
    page = await signedInAgent(browser, base, 'agent@operator.test');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('all open lists new and open tickets newest first, 25 at a time, and "Load more" brings the rest', async () => {
    await expect.poll(listed).toEqual(newestFirst(open).slice(0, 25));
    await total(open.length).waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(listed).toEqual(newestFirst(open));
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });

  it('sorts oldest first, by priority and by last update, and the sort survives a reload', async () => {
    await filter('Sort').selectOption({ label: 'Oldest first' });
    await expect.poll(listed).toEqual(oldestFirst(open).slice(0, 25));
    expect(new URL(page.url()).searchParams.get('sort')).toBe('oldest');

    await filter('Sort').selectOption({ label: 'Priority' });
    // Urgent first, then high; within a priority the ticket that has waited longest.
    const byPriority = [subjectOf(5), subjectOf(9), ...oldestFirst(open.filter((n) => n !== 5 && n !== 9))];
    await expect.poll(listed).toEqual(byPriority.slice(0, 25));
    await page.reload();
    await expect.poll(listed).toEqual(byPriority.slice(0, 25));
    expect(await filter('Sort').inputValue()).toBe('priority');

    await filter('Sort').selectOption({ label: 'Recently updated' });
    await expect.poll(async () => (await listed())[0]).toBe(subjectOf(lastUpdated));
    await filter('Sort').selectOption({ label: 'Newest first' });
    await expect.poll(listed).toEqual(newestFirst(open).slice(0, 25));
  });

  it('the views show unassigned, mine and pending tickets', async () => {
    await view('Mine').click();
    await expect.poll(listed).toEqual(newestFirst([...mine]));
    await total(mine.size).waitFor();
    expect(await view('Mine').getAttribute('aria-current')).toBe('page');

    await view('Pending').click();
    await expect.poll(listed).toEqual(newestFirst([...pending]));

    await view('Unassigned').click();
    const unassigned = open.filter((n) => !mine.has(n));
    await total(unassigned.length).waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(listed).toEqual(newestFirst(unassigned));
  });

  it('the category filter narrows the view it is combined with', async () => {
    await view('All open').click();
    await filter('Category').selectOption({ label: 'Fees' });
    await expect.poll(listed).toEqual(newestFirst([...fees]));
    expect(new URL(page.url()).searchParams.get('category')).toBe('fees');

    // The filter stays when the view changes: no pending ticket is about fees.
    await view('Pending').click();
    await page.getByText('No tickets in this view.').waitFor();
    expect(await listed()).toEqual([]);

    await filter('Category').selectOption({ label: 'Any category' });
    await expect.poll(listed).toEqual(newestFirst([...pending]));
  });

  it('/ jumps to the search box, and a search finds the one ticket with those words', async () => {
    await view('All open').click();
    await expect.poll(listed).toEqual(newestFirst(open).slice(0, 25));
    await page.locator('body').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ticket-search');
    await page.keyboard.type('question number 17');
    await page.keyboard.press('Enter');
    await expect.poll(listed).toEqual([subjectOf(17)]);
    await page.locator('.ticket-list').getByText(/^1 ticket ·/).waitFor();
    // j opens the first ticket of the list.
    await page.locator('body').click();
    await page.keyboard.press('j');
    await page.getByRole('heading', { level: 1, name: subjectOf(17) }).waitFor();
  });

  it('a change to a ticket moves it out of the view at once, keeping the pages already loaded', async () => {
    await page.goto(`${base}/agent`);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(listed).toEqual(newestFirst(open));
    const oldest = oldestFirst(open)[0]!;
    await page.locator('.tickets li a', { hasText: oldest }).click();
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Pending customer' });
    await expect.poll(listed).toEqual(newestFirst(open).filter((s) => s !== oldest));
  });
});
