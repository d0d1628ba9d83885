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

// Issue 15 items 1 and 5 were found on a nurse's tablet held in landscape.
test.use({ viewport: { width: 1024, height: 768 } });

const artifacts = path.resolve(import.meta.dirname, '../artifacts');

/** Answers every COWS item but the pulse with its lowest-but-one choice (1, gooseflesh 3). */
async function answerItemsButPulse(form: Locator): Promise<void> {
  const groups = form.locator('fieldset.item');
  const count = await groups.count();
  for (let i = 1; i < count; i++) {
    await groups.nth(i).getByRole('radio').nth(1).check();
  }
}

async function rowCount(page: Page): Promise<number> {
  const rows = page.getByRole('table', { name: 'Assessments' }).locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  return rows.count();
}

async function isInViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= (globalThis as unknown as Win).innerHeight;
  });
}

test('an implausible heart rate is flagged on leaving the field, never scores the pulse, and Save sends the nurse back to it', async ({
  pageAs,
}) => {
  const page = await pageAs('nurse', '/');
  await page.getByRole('link', { name: 'Aisha Rahman' }).click();
  const before = await rowCount(page);
  await page.getByRole('button', { name: 'Chart assessment' }).click();
  const form = page.getByRole('form', { name: 'Chart an assessment' });
  const heartRate = form.getByLabel(/^Heart rate/);
  // Item 5: the form opens with the cursor in its first field to fill in.
  await expect(heartRate).toBeFocused();

  await heartRate.fill('300');
  await expect(form.getByText(/Heart rate above 250 bpm is not plausible/)).toHaveCount(0);
  await page.keyboard.press('Tab');
  await expect(form.locator('.vitals .field-error')).toHaveText(
    'Heart rate above 250 bpm is not plausible; check the reading',
  );
  await expect(heartRate).toHaveAttribute('aria-invalid', 'true');
  // The implausible reading scores nothing: the pulse item stays unanswered and no band is offered.
  const pulse = form.getByRole('group', { name: /^Resting pulse rate/ });
  for (const radio of await pulse.getByRole('radio').all()) await expect(radio).not.toBeChecked();
  await expect(form.getByText(/pulse item set to/)).toHaveCount(0);

  await answerItemsButPulse(form);
  await pulse.getByRole('radio').first().check();
  const save = form.getByRole('button', { name: 'Save COWS' });
  await save.scrollIntoViewIfNeeded();
  await save.click();

  const summary = form.locator('.footer-errors');
  await expect(summary).toContainText('Not saved.');
  await expect(summary).toContainText('Heart rate above 250 bpm is not plausible');
  await expect(heartRate).toBeFocused();
  expect(await isInViewport(heartRate)).toBe(true);
  // The footer, with the summary, stays on the screen while the nurse fixes the field.
  expect(await isInViewport(summary)).toBe(true);
  await page.screenshot({ path: path.join(artifacts, 'bedside-refused-heart-rate-1024.png') });

  // Fixing the reading clears its error and the summary, and then the pulse follows the heart rate.
  await heartRate.fill('92');
  await expect(form.locator('.vitals .field-error')).toHaveCount(0);
  await expect(summary).toHaveCount(0);
  await expect(pulse.getByRole('radio', { name: /^1\b/ })).toBeChecked();
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(await rowCount(page)).toBe(before);
});

test('a save the server refuses (a time in the future) puts a summary in the footer and focus on the time', async ({
  pageAs,
}) => {
  const page = await pageAs('nurse', '/');
  await page.getByRole('link', { name: 'Aisha Rahman' }).click();
  const before = await rowCount(page);
  await page.getByRole('button', { name: 'Chart assessment' }).click();
  const form = page.getByRole('form', { name: 'Chart an assessment' });
  // Later today on the unit's clock: the day list offers no future day, so the clock is where it slips.
  const time = form.getByLabel(/^Taken at .*: time/);
  const [hours = 0, minutes = 0] = (await time.inputValue()).split(':').map(Number);
  if (hours < 21) {
    await time.fill(`${String(hours + 3).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`);
  } else {
    // Three hours ahead would be tomorrow, which the day list does not offer: the time is moved three
    // hours ahead on its way to the server instead, which refuses it the same way.
    await page.route('**/trpc/assessments.record**', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, Record<string, unknown>>;
      const call = (body['0'] ?? body) as Record<string, unknown>;
      call.takenAt = new Date(Date.now() + 3 * 3_600_000).toISOString();
      await route.continue({ postData: JSON.stringify(body) });
    });
  }
  const takenAt = time;
  await form.getByLabel(/^Heart rate/).fill('92');
  await answerItemsButPulse(form);
  const save = form.getByRole('button', { name: 'Save COWS' });
  await save.scrollIntoViewIfNeeded();
  await save.click();

  const summary = form.locator('.footer-errors');
  await expect(summary).toContainText('Not saved.');
  await expect(summary).toContainText(/future/i);
  await expect(takenAt).toBeFocused();
  expect(await isInViewport(takenAt)).toBe(true);
  expect(await isInViewport(summary)).toBe(true);
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(await rowCount(page)).toBe(before);
});

test('a saved COWS is confirmed in words with its next due time, and focus moves to the new row', async ({
  pageAs,
}) => {
  const page = await pageAs('nurse', '/');
  await page.getByRole('link', { name: 'James Whitfield' }).click();
  const before = await rowCount(page);
  await page.getByRole('button', { name: 'Chart assessment' }).click();
  const form = page.getByRole('form', { name: 'Chart an assessment' });
  await expect(form.getByLabel(/^Heart rate/)).toBeFocused();
  await form.getByLabel(/^Heart rate/).fill('88');
  await answerItemsButPulse(form);
  // Pulse 1 (heart rate 88) and ten items: 1 + 9 × 1 + gooseflesh 3 = 13, the first moderate total.
  await form.getByRole('button', { name: 'Save COWS' }).click();

  const status = page.getByRole('status').filter({ hasText: 'saved' });
  await expect(status).toHaveText(/^COWS 13 moderate saved \d\d:\d\d, next due (\d\d )?(\w{3} )?\d\d:\d\d \(.+\)$/);
  const rows = page.getByRole('table', { name: 'Assessments' }).locator('tbody tr');
  await expect(rows).toHaveCount(before + 1);
  await expect(rows.first()).toBeFocused();
  await expect(rows.first()).toContainText('13 Moderate');
  await page.screenshot({ path: path.join(artifacts, 'bedside-saved-confirmation-1024.png') });
});
