import path from 'node:path';
import { expect, test } from './sessions.js';

const artifacts = path.resolve(import.meta.dirname, '../artifacts');

// Issue 15 item 10: found by an admin at a desktop (1440 × 900).
test.use({ viewport: { width: 1440, height: 900 } });

test('the audit trail is searched by patient and user name, and each row says what changed and for whom', async ({
  pageAs,
}) => {
  const nurse = await pageAs('nurse', '/');
  await nurse.getByRole('link', { name: 'Maria Alvarez' }).click();
  await expect(nurse.getByRole('table', { name: 'Assessments' })).toBeVisible();

  const admin = await pageAs('admin', '/audit');
  const filters = admin.getByRole('form', { name: 'Filter the audit trail' });
  await filters.getByLabel('Patient (name or MRN)').fill('alvarez');
  await filters.getByLabel('User name').fill('reyes');
  await filters.getByRole('button', { name: 'Show' }).click();

  const rows = admin.getByRole('table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    await expect(rows.nth(i)).toContainText(/Maria Alvarez \(bed 1\)/);
    await expect(rows.nth(i)).toContainText('Ana Reyes');
  }
  await expect(rows.filter({ hasText: /Viewed withdrawal chart of stay #\d+/ })).not.toHaveCount(0);
  await admin.screenshot({ path: path.join(artifacts, 'audit-search-1440.png') });

  await filters.getByLabel('Patient (name or MRN)').fill('x');
  await filters.getByRole('button', { name: 'Show' }).click();
  await expect(admin.getByRole('alert')).toHaveText('Patient: type at least 2 letters');
});
