import type { Page } from '@playwright/test';
import { expect, test } from './sessions.js';

/**
 * The first load's requests (issue 16, item 5): the session is asked with the page (index.html's
 * preload, used by the app's own fetch rather than fetched twice). Its answer says who is logged in
 * and their units, so the board's data is asked for right after it, instead of session → who and
 * units → board, then orders.due once per bed.
 */

interface Seen {
  /** The procedures of each /trpc request, in the order the requests were sent. */
  calls: string[][];
  statuses: number[];
  console: string[];
}

function watch(page: Page): Seen {
  const seen: Seen = { calls: [], statuses: [], console: [] };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/trpc/')) seen.calls.push(url.pathname.slice('/trpc/'.length).split(','));
  });
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/trpc/')) seen.statuses.push(response.status());
  });
  page.on('console', (message) => seen.console.push(message.text()));
  return seen;
}

const count = (seen: Seen, procedure: string) => seen.calls.filter((c) => c.includes(procedure)).length;

test('the login page asks who is logged in once, with the page, and nothing that would answer 401', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto('/');
    await expect(page.getByLabel('Username')).toBeVisible();
    // One request: the preload's answer served the app's fetch (an unmatched preload is a second request and a console warning).
    expect(count(seen, 'auth.session')).toBe(1);
    expect(seen.calls.flat().filter((p) => p !== 'auth.session')).toEqual([]);
    expect(seen.statuses).toEqual([200]);
    expect(seen.console.filter((m) => /preload/i.test(m))).toEqual([]);
  } finally {
    await context.close();
  }
});

test('the board asks for its data right after the session, with nothing in between, and no orders.due per bed', async ({
  browser,
  baseURL,
  sessionOf,
}) => {
  const context = await browser.newContext({ baseURL, storageState: await sessionOf('physician') });
  try {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto('/');
    await expect(page.locator('table.board tbody tr').first()).toBeVisible({ timeout: 30_000 });
    expect(count(seen, 'auth.session')).toBe(1);
    // The session's answer said who is logged in and their units: neither is asked for again.
    expect(count(seen, 'auth.me')).toBe(0);
    expect(count(seen, 'units.list')).toBe(0);
    // The board the next request after the session, on its own (not waiting for a batch).
    expect(seen.calls[1]).toEqual(['census.board']);
    // The board once (prefetched, then found fresh by the screen), with its medication column in it.
    expect(count(seen, 'census.board')).toBe(1);
    expect(count(seen, 'orders.due')).toBe(0);
    await expect(page.locator('[data-testid^="orders-due-"]').first()).toBeVisible();
    expect(seen.statuses.filter((s) => s !== 200)).toEqual([]);
    expect(seen.console.filter((m) => /preload/i.test(m))).toEqual([]);
    // The page the server sent named the board's data and code (board-preload.ts): fetched with the
    // page, once, and used by the app's own requests.
    expect(await boardLoads(page)).toEqual([
      { path: '/trpc/census.board', withThePage: true },
      { path: expect.stringMatching(/^\/assets\/census-board-[\w-]+\.js$/), withThePage: true },
    ]);
  } finally {
    await context.close();
  }
});

/**
 * The page's fetches of the board's data and of the board screen's own chunk (resource timing), and
 * whether each started before the session had answered: the app itself asks for neither until then,
 * so an earlier start is the page's preload.
 */
function boardLoads(page: Page): Promise<{ path: string; withThePage: boolean }[]> {
  return page.evaluate(() => {
    const entries = performance.getEntriesByType('resource').map((e) => ({ e, path: new URL(e.name).pathname }));
    const session = entries.find((x) => x.path === '/trpc/auth.session')?.e as { responseEnd: number } | undefined;
    const answered = session?.responseEnd ?? 0;
    return entries
      .filter((x) => x.path === '/trpc/census.board' || /\/census-board-/.test(x.path))
      .map((x) => ({ path: x.path, withThePage: x.e.startTime < answered }));
  });
}

test("a device that works on another unit gets that unit's board with the page", async ({
  browser,
  baseURL,
  sessionOf,
}) => {
  // The first page registers the service worker, which would then serve / from its own copy of the
  // page, without the server's preloads (board-preload.ts): this is a browser without one yet.
  const context = await browser.newContext({
    baseURL,
    storageState: await sessionOf('physician'),
    serviceWorkers: 'block',
  });
  try {
    const page = await context.newPage();
    // The unit is chosen where a physician has more than one: the shift report's unit list.
    await page.goto('/shift-report');
    await page.getByRole('combobox', { name: 'Unit' }).selectOption({ label: 'Detox South' });
    const seen = watch(page);
    const boardRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/trpc/census.board')
        boardRequests.push(new URL(r.url()).searchParams.get('input') ?? '');
    });
    await page.goto('/');
    await expect(page.locator('table.board tbody tr').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('Detox South').first()).toBeVisible();
    // One request, for the chosen unit: the server's preload was for it too, and the app used it.
    expect(boardRequests).toHaveLength(1);
    expect(await boardLoads(page)).toContainEqual({ path: '/trpc/census.board', withThePage: true });
    expect(seen.console.filter((m) => /preload/i.test(m))).toEqual([]);
  } finally {
    await context.close();
  }
});

/**
 * What the page showed, frame by frame: each change to #root's content is noted with what it held
 * then (the top bar, a loading line, the board), so a test can say the app was drawn once.
 */
const WATCH_DRAWS = `(() => {
  window.__draws = [];
  const note = () => {
    const root = document.getElementById('root');
    if (!root) return;
    const seen = [
      root.querySelector('.top-bar') ? 'top bar' : null,
      root.querySelector('table.board tbody tr, .board-cards li') ? 'board' : null,
      [...root.querySelectorAll('.page-status')].map((p) => p.textContent).join(' ') || null,
    ].filter(Boolean).join(' + ');
    if (window.__draws[window.__draws.length - 1] !== seen) window.__draws.push(seen);
  };
  document.addEventListener('DOMContentLoaded', () => {
    note();
    new MutationObserver(note).observe(document.getElementById('root'), { childList: true, subtree: true });
  });
})();`;

test('the board is drawn once, with the top bar, when its code and data have arrived: no loading lines in between', async ({
  browser,
  baseURL,
  sessionOf,
}) => {
  const context = await browser.newContext({ baseURL, storageState: await sessionOf('physician') });
  try {
    const page = await context.newPage();
    await page.addInitScript(WATCH_DRAWS);
    await page.goto('/');
    await expect(page.locator('table.board tbody tr').first()).toBeVisible({ timeout: 30_000 });
    const draws = (await page.evaluate('window.__draws')) as string[];
    // index.html's loading line, then the whole board page: not the shell, then "Loading the board…", then rows.
    expect(draws[0]).toBe('Loading…');
    expect(draws.slice(1).filter((d) => !d.startsWith('top bar + board'))).toEqual([]);
  } finally {
    await context.close();
  }
});
