import path from 'node:path';
import { expect, test } from './sessions.js';
import { trpcGet, trpcPost } from './trpc-calls.js';

/**
 * Issue 10 (items 5 and 9) and issue 15 (items 5 and 9) on a portrait tablet: a physician edits the
 * loperamide hard stop on the protocol page (and is told in words that IM methadone needs its own
 * largest dose); a nurse then meets the new limit at the dose field, charts a dose that fits, hears
 * the save confirmed in words and lands on the new row.
 *
 * The change lowers the Detox North loperamide hard stop from 16 to 14 mg (a tightening: it takes
 * effect at once). Other specs chart at most 4 mg of loperamide, so they are not affected.
 */

test.use({ viewport: { width: 768, height: 1024 } });

const artifacts = path.resolve(import.meta.dirname, '../artifacts');

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

test('a physician lowers the loperamide hard stop; the nurse meets it at the dose field and hears the saved dose confirmed', async ({
  pageAs,
}) => {
  test.setTimeout(180_000);
  const physician = await pageAs('physician', '/protocol');
  await expect(physician.getByRole('heading', { name: /medication protocol$/ })).toBeVisible({ timeout: 30_000 });
  const [unit] = await trpcGet<{ id: number; name: string }[]>(physician, 'units.list');
  if (!unit) throw new Error('the physician has no unit');
  await expect(physician.getByRole('heading', { name: `${unit.name} medication protocol` })).toBeVisible();

  // IM methadone can be allowed only with a largest dose of its own: saving without one says so, writes nothing.
  const routes = physician.getByRole('region', { name: 'Doses allowed by route' });
  const methadone = routes.getByRole('group', { name: 'Methadone doses by route' });
  await expect(methadone).toContainText('Intramuscular methadone is about twice as potent as oral');
  await methadone.getByLabel('Allow methadone by').selectOption('IM');
  await methadone.getByRole('button', { name: 'Allow route' }).click();
  await physician.getByLabel(/^Why is the protocol changing/).fill('Allow IM methadone');
  await physician.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(methadone.getByText('the largest dose by this route must be more than 0 mg')).toBeVisible({
    timeout: 15_000,
  });
  await methadone.getByRole('button', { name: 'Refuse IM' }).click();

  // The hard stop: 14 mg instead of 16, and the warning from 10 mg (it must stay below the maximum).
  const rules = physician.getByRole('region', { name: '24 h maximum: hard stop, warning, weight' });
  const loperamide = rules.getByRole('group', { name: 'Loperamide 24 h maximum rules' });
  await expect(loperamide.getByLabel('Hard stop: no reason can pass the maximum')).toBeChecked();
  await expect(
    rules
      .getByRole('group', { name: 'Clonidine 24 h maximum rules' })
      .getByLabel('Clonidine higher 24 h maximum from weight (kg)'),
  ).toHaveValue('90');
  await physician.getByLabel('Loperamide Max per 24 h (mg)').fill('14');
  await expect(loperamide).toContainText('14 mg');
  await loperamide.getByLabel('Loperamide warn from 24 h total (mg)').fill('10');
  await physician.getByLabel(/^Why is the protocol changing/).fill('Pharmacy: lower loperamide ceiling');
  await physician.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(physician.getByText(/^Saved as version \d+\.$/)).toBeVisible({ timeout: 15_000 });
  await physician.screenshot({ path: path.join(artifacts, 'protocol-daily-maximum-768.png'), fullPage: true });
  const saved = await trpcGet<{ protocol: { drugs: Record<string, Record<string, unknown>> } }>(
    physician,
    'protocol.get',
    { unitId: unit.id },
  );
  expect(saved.protocol.drugs.loperamide).toMatchObject({
    maxPer24hMg: 14,
    warnFromPer24hMg: 10,
    maxPer24hIsHardStop: true,
  });
  expect(saved.protocol.drugs.methadone?.dosesByRoute).toEqual({ PO: { maxMg: 150 } });

  // A patient with a loperamide order and 12 mg given over the last 3 hours.
  const nurse = await pageAs('nurse', '/');
  const board = await trpcGet<{ emptyBeds: string[] }>(nurse, 'census.board', { unitId: unit.id });
  const bed = board.emptyBeds[0];
  if (!bed) throw new Error('no free bed on the demo unit');
  const admittedAt = hoursAgo(4);
  const { admissionId } = await trpcPost<{ admissionId: number }>(nurse, 'admissions.admit', {
    unitId: unit.id,
    bed,
    patient: { mrn: `LOP-${Date.now()}`, name: `Loperamide Limit ${Date.now() % 100_000}`, birthDate: '1985-04-02' },
    substance: 'Heroin (IV)',
    opioidKind: 'short',
    lastUseAt: hoursAgo(18),
    admittedAt,
  });
  const order = await trpcPost<{ id: number }>(physician, 'orders.create', {
    admissionId,
    drug: 'loperamide',
    doseMg: 2,
    doseMaxMg: 4,
    route: 'PO',
    kind: 'prn',
    indication: 'loose stools',
    startAt: admittedAt,
  });
  for (const h of [3, 2, 1]) {
    await trpcPost(nurse, 'medications.record', {
      admissionId,
      orderId: order.id,
      drug: 'loperamide',
      doseMg: 4,
      route: 'PO',
      givenAt: hoursAgo(h),
      status: 'given',
      indication: 'loose stool',
    });
  }

  await nurse.goto(`/admissions/${admissionId}`);
  await nurse.getByRole('button', { name: 'Record medication' }).click();
  const form = nurse.getByRole('form', { name: 'Record a medication' });
  await form.getByRole('button', { name: /^Loperamide 2–4 mg PO PRN/ }).click();
  const dose = form.getByLabel('Dose (mg)');
  const save = form.getByRole('button', { name: 'Save administration' });

  // 12 + 4 mg: above the new 14 mg hard stop (the default 16 mg would have allowed it), refused at the dose.
  await dose.fill('4');
  const atDose = form.locator('.dose-field').getByRole('list', { name: 'Protocol checks' });
  await expect(atDose).toContainText('Cannot be given', { timeout: 15_000 });
  await expect(atDose).toContainText('maximum of 14 mg');
  await expect(save).toBeDisabled();
  await expect(form.getByText('To save: this dose cannot be given: see the check at the dose.')).toBeVisible();
  await nurse.screenshot({ path: path.join(artifacts, 'medication-hard-stop-768.png'), fullPage: true });

  // 12 + 2 mg reaches 14 mg exactly: allowed. The time is a day and a 24 h clock, as on the COWS form.
  await dose.fill('2');
  await expect(atDose).not.toContainText('Cannot be given', { timeout: 15_000 });
  await expect(form.getByLabel(/^Time given .*: time \(24 h, HH:MM\)$/)).toHaveValue(/^\d{2}:\d{2}$/);
  await expect(save).toBeEnabled();
  await save.click();

  const confirmation = nurse.getByRole('status').filter({ hasText: /^Loperamide 2 mg oral given \d{2}:\d{2} saved$/ });
  await expect(confirmation).toBeVisible({ timeout: 15_000 });
  const focused = nurse.locator(':focus');
  await expect(focused).toHaveAttribute('data-testid', /^administration-\d+$/);
  await expect(focused).toContainText('Loperamide 2 mg PO');
  await nurse.screenshot({ path: path.join(artifacts, 'medication-saved-768.png'), fullPage: true });
});
