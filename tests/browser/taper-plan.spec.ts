import path from 'node:path';
import { expect, test } from '@playwright/test';
import { logIn } from './login.js';

test('a physician sets a buprenorphine taper and the chart draws it; a nurse cannot set one', async ({
  page,
  browser,
}) => {
  // Two logins (scrypt) and a chart on a loaded 2-core machine.
  test.setTimeout(120_000);
  await logIn(page, 'physician', 'demo-physician');
  await page.getByRole('link', { name: 'Robert Mills' }).click();
  await page.getByRole('button', { name: 'Taper plan' }).click();
  const form = page.getByRole('form', { name: 'Taper plan' });
  await form.getByLabel('Drug').selectOption('buprenorphine');
  // The plan starts today by default (issue 15 item 8), not on the day of admission, and a day already past is refused.
  const today = await form.getByLabel('Starts on').inputValue();
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await form.getByLabel('First day total (mg)').fill('16');
  await form.getByLabel('Less each day (mg)').fill('4');
  await form.getByRole('button', { name: 'Fill a straight taper' }).click();
  const days = form.getByRole('table', { name: 'Buprenorphine planned totals' });
  await expect(days.locator('tbody tr')).toHaveCount(4);
  const totals = form.getByLabel(/^Stay day \d+ \(.+\) planned total, mg$/);
  await expect(totals.nth(3)).toHaveValue('4');
  // Robert Mills was admitted about 110 h before the demo loaded: the plan's first day is a later day of stay, not day 1.
  await expect(days.locator('tbody th').first()).not.toHaveText(/^Stay day 1 /);

  // A day the server refuses is marked beside its field, and nothing is saved.
  await totals.nth(1).fill('-2');
  await form.getByRole('button', { name: 'Save buprenorphine plan' }).click();
  await expect(form).toContainText('a planned total cannot be negative');
  await totals.nth(1).fill('12');
  // A start on a day already past is refused beside the start field, in words.
  const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await form.getByLabel('Starts on').fill(yesterday);
  await form.getByRole('button', { name: 'Save buprenorphine plan' }).click();
  await expect(form).toContainText('that day is already past');
  await form.getByLabel('Starts on').fill(today);
  await form.getByRole('button', { name: 'Save buprenorphine plan' }).click();
  await expect(form).toBeHidden();

  const taperPanel = page.getByRole('region', { name: 'Taper plan' });
  await expect(taperPanel).toBeVisible();
  await taperPanel.scrollIntoViewIfNeeded();
  await page
    .locator('figure.patient-chart')
    .screenshot({ path: path.resolve(import.meta.dirname, '../artifacts/screenshots/taper-plan-chart.png') });

  const nurseContext = await browser.newContext();
  const nurse = await nurseContext.newPage();
  await logIn(nurse, 'nurse', 'demo-nurse');
  await nurse.getByRole('link', { name: 'Robert Mills' }).click();
  await expect(nurse.getByRole('button', { name: 'Record medication' })).toBeVisible();
  await expect(nurse.getByRole('button', { name: 'Taper plan' })).toHaveCount(0);
  await nurseContext.close();
});
