import path from 'node:path';
import { expect, test } from '@playwright/test';
import { logIn } from './login.js';

test('a physician sets a buprenorphine taper and the chart draws it; a nurse cannot set one', async ({ page, browser }) => {
  await logIn(page, 'physician', 'demo-physician');
  await page.getByRole('link', { name: 'Robert Mills' }).click();
  await page.getByRole('button', { name: 'Taper plan' }).click();
  const form = page.getByRole('form', { name: 'Taper plan' });
  await form.getByLabel('Drug').selectOption('buprenorphine');
  await form.getByLabel('Day 1 total (mg)').fill('16');
  await form.getByLabel('Less each day (mg)').fill('4');
  await form.getByRole('button', { name: 'Fill a straight taper' }).click();
  const days = form.getByRole('table', { name: 'Buprenorphine planned totals' });
  await expect(days.locator('tbody tr')).toHaveCount(4);
  await expect(form.getByLabel('Day 4 planned total, mg')).toHaveValue('4');

  // A day the server refuses is marked beside its field, and nothing is saved.
  await form.getByLabel('Day 2 planned total, mg').fill('-2');
  await form.getByRole('button', { name: 'Save buprenorphine plan' }).click();
  await expect(form).toContainText('a planned total cannot be negative');
  await form.getByLabel('Day 2 planned total, mg').fill('12');
  await form.getByRole('button', { name: 'Save buprenorphine plan' }).click();
  await expect(form).toBeHidden();

  const taperPanel = page.getByRole('region', { name: 'Taper plan' });
  await expect(taperPanel).toBeVisible();
  await taperPanel.scrollIntoViewIfNeeded();
  await page.locator('figure.patient-chart').screenshot({ path: path.resolve(import.meta.dirname, '../artifacts/screenshots/taper-plan-chart.png') });

  const nurseContext = await browser.newContext();
  const nurse = await nurseContext.newPage();
  await logIn(nurse, 'nurse', 'demo-nurse');
  await nurse.getByRole('link', { name: 'Robert Mills' }).click();
  await expect(nurse.getByRole('button', { name: 'Record medication' })).toBeVisible();
  await expect(nurse.getByRole('button', { name: 'Taper plan' })).toHaveCount(0);
  await nurseContext.close();
});
