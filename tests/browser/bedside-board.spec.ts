import path from 'node:path';
import { expect, test } from './sessions.js';

/** The browser's globals as the page functions below use them (the tests compile without the DOM library). */
type Win = {
  innerWidth: number;
  innerHeight: number;
  getComputedStyle(el: unknown): { backgroundColor: string; color: string };
  document: { documentElement: { scrollWidth: number } };
};

const artifacts = path.resolve(import.meta.dirname, '../artifacts');

// Issue 15 item 10 was found by a physician at 1440 × 900.
test.use({ viewport: { width: 1440, height: 900 } });

/** The hue (0-360) of a CSS rgb() colour. */
function hueOf(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map((n) => Number(n) / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return 0;
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

test('an unstable patient’s row stands out, and the severity colours read as one scale', async ({ pageAs }) => {
  const page = await pageAs('nurse', '/');
  const link = page.getByRole('link', { name: 'Robert Mills' });
  const admissionId = Number((await link.getAttribute('href'))?.split('/').pop());
  // COWS 30, moderately severe: unstable by the handoff's rule.
  const items = {
    pulse: 2,
    sweating: 3,
    restlessness: 3,
    pupils: 2,
    boneJointAches: 2,
    runnyNoseTearing: 2,
    giUpset: 3,
    tremor: 2,
    yawning: 2,
    anxietyIrritability: 4,
    gooseflesh: 5,
  };
  const saved = await page.request.post('/trpc/assessments.record', {
    data: { admissionId, instrument: 'COWS', takenAt: new Date(Date.now() - 60_000).toISOString(), items },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  await page.reload();

  const row = page.getByTestId('board-row-7');
  await expect(row).toHaveAttribute('data-illness', 'unstable');
  await expect(row.locator('.illness-tag')).toContainText('Unstable');
  const background = await row.evaluate((el) => (globalThis as unknown as Win).getComputedStyle(el).backgroundColor);
  const plain = await page
    .getByTestId('board-row-1')
    .evaluate((el) => (globalThis as unknown as Win).getComputedStyle(el).backgroundColor);
  expect(background).not.toBe(plain);
  // The highlight keeps the row's words dark and readable.
  const ink = await row
    .locator('td')
    .nth(2)
    .evaluate((el) => (globalThis as unknown as Win).getComputedStyle(el).color);
  expect(ink).not.toBe('rgb(255, 255, 255)');

  // Mild is not green: every band's colour sits between yellow and red (hue 0-60), deepening with the band.
  for (const severity of ['mild', 'moderate', 'moderately-severe', 'severe']) {
    const chip = page.locator(`.severity-${severity}`).first();
    if ((await chip.count()) === 0) continue;
    const hue = hueOf(await chip.evaluate((el) => (globalThis as unknown as Win).getComputedStyle(el).backgroundColor));
    expect(hue, `${severity} hue`).toBeLessThanOrEqual(60);
  }
  await page.screenshot({ path: path.join(artifacts, 'board-unstable-1440.png') });
});

test('the board says what its overdue count counts', async ({ pageAs }) => {
  const page = await pageAs('nurse', '/');
  await expect(page.getByTestId('board-overdue')).toHaveText(/^\d+ patients? overdue for assessment now$/);
});

test('the shift report says its late-assessment count is not the board’s overdue-now count', async ({ pageAs }) => {
  const page = await pageAs('nurse', '/shift-report');
  await expect(page.getByText('Assessments late this shift')).toBeVisible();
  await expect(page.getByText(/taken late or still overdue; a patient can count more than once/)).toBeVisible();
});

test('the login page loads without a 401 (or any error) in the console', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const statuses: number[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/trpc/')) statuses.push(response.status());
  });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s === 401)).toEqual([]);
  expect(errors).toEqual([]);
});
