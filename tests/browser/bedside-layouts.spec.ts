import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './sessions.js';

/** The browser's globals as the page functions below use them (the tests compile without the DOM library). */
type Win = {
  innerWidth: number;
  innerHeight: number;
  getComputedStyle(el: unknown): { backgroundColor: string; color: string };
  document: { documentElement: { scrollWidth: number } };
};

const artifacts = path.resolve(import.meta.dirname, '../artifacts');

// The widths issue 15 was found at: a phone, a portrait tablet, a landscape tablet, a physician's desktop.
const SCREENS = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;

async function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return (
      box.width > 0 &&
      box.top >= 0 &&
      box.left >= 0 &&
      box.bottom <= (globalThis as unknown as Win).innerHeight &&
      box.right <= (globalThis as unknown as Win).innerWidth
    );
  });
}

async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      (globalThis as unknown as Win).document.documentElement.scrollWidth >
      (globalThis as unknown as Win).innerWidth + 1,
  );
}

for (const screen of SCREENS) {
  test.describe(`at ${screen.width} px`, () => {
    test.use({ viewport: screen });

    test('the board fits the width: cards worst first on phones and tablets, the table on desktops', async ({
      pageAs,
    }) => {
      const page = await pageAs('nurse', '/');
      // The header wraps, so the user and Log out stay on the screen.
      await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
      expect(await inViewport(page.getByRole('button', { name: 'Log out' }))).toBe(true);
      expect(await inViewport(page.locator('.top-bar-user'))).toBe(true);
      await expect(page.getByRole('link', { name: 'Maria Alvarez' })).toBeVisible();
      expect(await scrollsSideways(page)).toBe(false);
      if (screen.width < 1100) {
        const cards = page
          .getByRole('list', { name: /one card per occupied bed$/ })
          .getByRole('listitem')
          .filter({ has: page.locator('.board-card-head') });
        await expect(cards.first()).toBeVisible();
        await expect(page.getByRole('combobox', { name: 'Sort by' })).toHaveValue('worst');
        // Worst first: no card is of a graver illness severity than one above it.
        const rank = { unstable: 2, watcher: 1, stable: 0 } as Record<string, number>;
        const order = await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-illness') ?? ''));
        const ranks = order.map((o) => rank[o] ?? -1);
        expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
        await expect(page.getByRole('table')).toHaveCount(0);
      } else {
        await expect(page.getByRole('table', { name: /^Patients on / })).toBeVisible();
      }
      if (screen.width === 1440) {
        // The board uses the width: the table is wider than the old 1200 px column.
        const width = await page
          .getByRole('table', { name: /^Patients on / })
          .evaluate((el) => el.getBoundingClientRect().width);
        expect(width).toBeGreaterThan(1300);
      }
      await page.screenshot({ path: path.join(artifacts, `board-${screen.width}.png`), fullPage: true });
    });

    test('the COWS form keeps its total and Save in view while the nurse scrolls through the items', async ({
      pageAs,
    }) => {
      const page = await pageAs('nurse', '/');
      await page.getByRole('link', { name: 'Daniel Okafor' }).click();
      await page.getByRole('button', { name: 'Chart assessment' }).click();
      const form = page.getByRole('form', { name: 'Chart an assessment' });
      await form.getByLabel(/^Heart rate/).fill('104');
      const tremor = form.getByRole('group', { name: /^Tremor/ });
      await tremor.scrollIntoViewIfNeeded();
      await tremor.getByRole('radio').nth(1).check();
      const save = form.getByRole('button', { name: 'Save COWS' });
      await expect(form.locator('.live-total')).toContainText('Total so far 3');
      expect(await inViewport(save)).toBe(true);
      expect(await inViewport(form.locator('.live-total'))).toBe(true);
      expect(await scrollsSideways(page)).toBe(false);
      await page.screenshot({ path: path.join(artifacts, `cows-form-${screen.width}.png`) });
    });

    test('the withdrawal chart is drawn to the width', async ({ pageAs }) => {
      const page = await pageAs('nurse', '/');
      await page.getByRole('link', { name: 'Daniel Okafor' }).click();
      const chart = page.locator('figure.patient-chart');
      await expect(chart.getByTestId('score-point').first()).toBeVisible();
      expect(await scrollsSideways(page)).toBe(false);
      await chart.screenshot({ path: path.join(artifacts, `chart-${screen.width}.png`) });
    });
  });
}
