import path from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { logIn } from './login.js';

/** The number of assessment rows, once the list has loaded. */
async function assessmentCount(page: Page): Promise<number> {
  const rows = page.getByRole('table', { name: 'Assessments' }).locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  return rows.count();
}

const artifacts = path.resolve(import.meta.dirname, '../artifacts');

// Values for each COWS item, in form order, and the total they make.
const COWS_CHOICES: [label: string, value: number][] = [
  ['Resting pulse rate', 1],
  ['Sweating', 2],
  ['Restlessness', 1],
  ['Pupil size', 1],
  ['Bone or joint aches', 2],
  ['Runny nose or tearing', 1],
  ['GI upset', 2],
  ['Tremor', 1],
  ['Yawning', 2],
  ['Anxiety or irritability', 2],
  ['Gooseflesh skin', 3],
];
const TOTAL = COWS_CHOICES.reduce((sum, [, v]) => sum + v, 0); // 18: moderate (13-24)

test('a nurse charts a complete COWS and sees it listed with its total and band', async ({ page }) => {
  await logIn(page, 'nurse', 'demo-nurse');
  await page.getByRole('link', { name: 'Maria Alvarez' }).click();
  await expect(page.getByRole('heading', { name: /Maria Alvarez/ })).toBeVisible();
  const rowsBefore = await assessmentCount(page);

  await page.getByRole('button', { name: 'Chart assessment' }).click();
  const form = page.getByRole('form', { name: 'Chart an assessment' });
  const save = form.getByRole('button', { name: 'Save COWS' });
  await form.getByLabel('Heart rate').fill('92');
  for (const [label, value] of COWS_CHOICES) {
    await expect(save).toBeDisabled();
    const group = form.getByRole('group', { name: new RegExp(`^${label}`) });
    await group.getByRole('radio', { name: new RegExp(`^${value}\\b`) }).check();
  }
  await expect(form.getByText(`${TOTAL} Moderate`)).toBeVisible();
  await expect(save).toBeEnabled();
  await save.click();

  const table = page.getByRole('table', { name: 'Assessments' });
  await expect(table.locator('tbody tr')).toHaveCount(rowsBefore + 1);
  const newest = table.locator('tbody tr').first();
  await expect(newest).toContainText(`${TOTAL} Moderate`);
  await expect(newest).toContainText('HR 92');
  await expect(newest).toContainText('Ana Reyes, RN');
  await page.screenshot({ path: path.join(artifacts, 'nurse-charted-cows.png'), fullPage: true });
});

test('the COWS form can be completed with the keyboard alone', async ({ page }) => {
  await logIn(page, 'nurse', 'demo-nurse');
  await page.getByRole('link', { name: 'James Whitfield' }).click();
  await page.getByRole('button', { name: 'Chart assessment' }).click();
  const form = page.getByRole('form', { name: 'Chart an assessment' });
  await form
    .getByRole('group', { name: /^Resting pulse rate/ })
    .getByRole('radio')
    .first()
    .focus();
  // In each item: Space picks the first value (0), ArrowRight moves to the next allowed value; Tab goes on.
  for (let i = 0; i < 11; i++) {
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
  }
  // Ten items at 1 and gooseflesh at 3: 13, the first moderate score.
  await expect(form.getByText('13 Moderate')).toBeVisible();
  await form.getByRole('button', { name: 'Save COWS' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: 'Assessments' }).locator('tbody tr').first()).toContainText(
    '13 Moderate',
  );
});

test('a refused record shows the server message beside the item it concerns and saves nothing', async ({ page }) => {
  await logIn(page, 'nurse', 'demo-nurse');
  await page.getByRole('link', { name: 'Aisha Rahman' }).click();
  const rowsBefore = await assessmentCount(page);
  await page.getByRole('button', { name: 'Chart assessment' }).click();
  const form = page.getByRole('form', { name: 'Chart an assessment' });
  await form.getByLabel('Heart rate').fill('112');
  for (const [label] of COWS_CHOICES) {
    await form
      .getByRole('group', { name: new RegExp(`^${label}`) })
      .getByRole('radio')
      .first()
      .check();
  }
  // The form filled the pulse item from the heart rate (2); the nurse overrides it to 0.
  await form
    .getByRole('group', { name: /^Resting pulse rate/ })
    .getByRole('radio', { name: /^0\b/ })
    .check();
  await form.getByRole('button', { name: 'Save COWS' }).click();
  const pulseGroup = form.getByRole('group', { name: /^Resting pulse rate/ });
  await expect(pulseGroup).toContainText('a heart rate of 112 bpm scores');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('table', { name: 'Assessments' }).locator('tbody tr')).toHaveCount(rowsBefore);
});

test('a nurse meets the clonidine hold check, overrides it with a reason, and records a held dose', async ({
  page,
}) => {
  await logIn(page, 'nurse', 'demo-nurse');
  await page.getByRole('link', { name: 'Maria Alvarez' }).click();
  await page.getByRole('button', { name: 'Record medication' }).click();
  const form = page.getByRole('form', { name: 'Record a medication' });
  // No dose without an order: the nurse picks the clonidine PRN the physician ordered; its dose is filled in.
  await form.getByRole('button', { name: /^Clonidine 0\.1 mg PO PRN/ }).click();
  await expect(form.getByLabel('Dose (mg)')).toHaveValue('0.1');
  await form.getByLabel('Indication (optional)').fill('COWS 18, sweating and anxiety');
  // The demo's latest vitals are older than the protocol's hour: the form says so before saving and
  // asks for a reason, and saving stays disabled until there is one.
  await expect(form.getByRole('list', { name: 'Protocol checks' })).toContainText(/blood pressure and heart rate/);
  const save = form.getByRole('button', { name: 'Save administration' });
  await expect(save).toBeDisabled();
  await form.getByLabel('Override reason: why give it outside the protocol?').fill('BP 124/78, HR 88 at the bedside');
  await save.click();
  const table = page.getByRole('table', { name: 'Medication administrations' });
  await expect(table.locator('tbody tr').first()).toContainText('Clonidine 0.1 mg PO');
  await expect(table.locator('tbody tr').first()).toContainText('given');
  await expect(table.locator('tbody tr').first()).toContainText(
    'Given outside the protocol: “BP 124/78, HR 88 at the bedside” — Ana Reyes',
  );

  await page.getByRole('button', { name: 'Record medication' }).click();
  await form.getByRole('button', { name: /^Loperamide 2–4 mg PO PRN/ }).click();
  await form.getByRole('button', { name: '2 mg' }).click();
  await form.getByRole('radio', { name: 'Held' }).check();
  // Save is greyed out with the reason beside it, not silently.
  await expect(form.getByRole('button', { name: 'Save administration' })).toBeDisabled();
  await expect(form.getByText('To save: say why it was held.')).toBeVisible();
  await form.getByLabel('Why was it held?').fill('No loose stools since 02:00');
  await form.getByRole('button', { name: 'Save administration' }).click();
  await expect(table.locator('tbody tr').first()).toContainText('Loperamide 2 mg PO');
  await expect(table.locator('tbody tr').first()).toContainText('No loose stools since 02:00');
});

test('a correction keeps the original visible, superseded, with who and why', async ({ page }) => {
  await logIn(page, 'nurse', 'demo-nurse');
  await page.getByRole('link', { name: 'Robert Mills' }).click();
  const table = page.getByRole('table', { name: 'Assessments' });
  const rowsBefore = await assessmentCount(page);
  await table.locator('tbody tr').first().getByRole('button', { name: 'Entered in error' }).click();
  await page.getByLabel(/Why was this assessment entered in error/).fill('Charted on the wrong patient');
  await page.getByRole('button', { name: 'Mark entered in error' }).click();
  await expect(table).toContainText('Entered in error: “Charted on the wrong patient” — Ana Reyes, RN');
  await expect(table.locator('tbody tr')).toHaveCount(rowsBefore);
});
