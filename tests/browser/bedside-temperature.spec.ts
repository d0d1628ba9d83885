import { expect, test } from './sessions.js';

// Issue 15 item 6 was found by a nurse on a tablet (1024 × 768) on a US unit.
test.use({ viewport: { width: 1024, height: 768 } });

test('a °F unit takes 98.6, shows it back in °F, and offers a one-tap conversion for a °C reading', async ({
  pageAs,
}) => {
  const physician = await pageAs('physician', '/protocol');
  const scale = physician.getByRole('radiogroup', { name: 'Temperature scale' });
  await scale.getByText('°F').click();
  await expect(scale.getByRole('radio', { name: '°F' })).toBeChecked();
  await expect(physician.getByText(/enter and read temperatures in °F/)).toBeVisible();

  try {
    const page = await pageAs('nurse', '/');
    await page.getByRole('link', { name: 'Grace Thompson' }).click();
    await page.getByRole('button', { name: 'Chart assessment' }).click();
    const form = page.getByRole('form', { name: 'Chart an assessment' });
    const temperature = form.getByLabel(/^Temp/);
    await expect(form.getByText('°F', { exact: true })).toBeVisible();

    // A °C reading on a °F unit: flagged on leaving the field, with the °F value one tap away.
    await temperature.fill('37');
    await page.keyboard.press('Tab');
    await expect(form.locator('.vitals .field-error')).toContainText(
      'Temperature 37 °F is outside 86–113 °F; it looks like °C',
    );
    await form.getByRole('button', { name: 'Use 98.6 °F' }).click();
    await expect(temperature).toHaveValue('98.6');
    await expect(form.locator('.vitals .field-error')).toHaveCount(0);

    await form.getByLabel(/^Heart rate/).fill('72');
    const groups = form.locator('fieldset.item');
    for (let i = 1; i < (await groups.count()); i++) await groups.nth(i).getByRole('radio').first().check();
    await form.getByRole('button', { name: 'Save COWS' }).click();
    const newest = page.getByRole('table', { name: 'Assessments' }).locator('tbody tr').first();
    await expect(newest).toContainText('T 98.6 °F');
  } finally {
    await scale.getByText('°C').click();
    await expect(scale.getByRole('radio', { name: '°C' })).toBeChecked();
  }
});

test('a °C unit offers 37.0 °C for 98.6 typed from habit', async ({ pageAs }) => {
  const page = await pageAs('nurse', '/');
  await page.getByRole('link', { name: 'Grace Thompson' }).click();
  await page.getByRole('button', { name: 'Chart assessment' }).click();
  const form = page.getByRole('form', { name: 'Chart an assessment' });
  const temperature = form.getByLabel(/^Temp/);
  await temperature.fill('98.6');
  await page.keyboard.press('Tab');
  await expect(form.locator('.vitals .field-error')).toContainText(
    'Temperature 98.6 °C is outside 30–45 °C; it looks like °F',
  );
  await form.getByRole('button', { name: 'Use 37.0 °C' }).click();
  await expect(temperature).toHaveValue('37');
});
