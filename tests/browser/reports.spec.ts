import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { logIn } from './login.js';

test('a charge nurse reads the shift report by bed, steps back a shift and downloads it', async ({ page }) => {
  await logIn(page, 'nurse', 'demo-nurse');
  await page.goto('/shift-report');
  await expect(page.getByRole('heading', { level: 1, name: 'Shift report' })).toBeVisible();

  await expect(page.getByRole('heading', { name: 'Unit totals' })).toBeVisible();
  await expect(page.getByText(/in progress, up to/)).toBeVisible();
  const bed1 = page.getByTestId('handoff-bed-1');
  await expect(bed1.getByRole('heading', { name: /Bed 1\s+Maria Alvarez/ })).toBeVisible();
  for (const heading of ['Illness severity', 'Patient summary', 'Course this shift', 'Situation awareness'])
    await expect(bed1.getByRole('heading', { name: new RegExp(heading) })).toBeVisible();
  // The orders in the handover (issue 9): each active order with its terms, doses due next shift, and the unit's countersignatures.
  const orders = bed1.getByRole('region', { name: 'Orders, bed 1' });
  await expect(orders.getByText(/Clonidine 0\.1 mg PO PRN.*when COWS ≥ 8/)).toBeVisible();
  await expect(orders.getByText(/Due next shift:/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Orders waiting for a countersignature' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next shift →' })).toBeDisabled();

  await page.getByRole('button', { name: '← Previous shift' }).click();
  await expect(page).toHaveURL(/\/shift-report\?shift=/);
  await expect(page.getByText(/in progress, up to/)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Next shift →' })).toBeEnabled();
  const shift = new URL(page.url()).searchParams.get('shift') ?? '';
  await expect(page.getByRole('link', { name: 'Download PDF' })).toHaveAttribute(
    'href',
    `/reports/shift.pdf?unitId=1&shiftStart=${encodeURIComponent(shift)}`,
  );
  await expect(page.getByRole('link', { name: 'Print downtime snapshot' })).toHaveAttribute(
    'href',
    '/reports/downtime.pdf?unitId=1',
  );

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^shift-report-detox-north-.*\.csv$/);
  const csv = readFileSync((await download.path()) ?? '', 'utf8');
  expect(csv.replace(/^\uFEFF/, '').split('\n')[0]).toBe(
    'unit,shift_start,shift_end,bed,patient,mrn,illness_severity,event,time,item,value,unit_of_measure,band_or_status,route,prn,detail,record_status,recorded_by',
  );

  const [pdfDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download PDF' }).click(),
  ]);
  expect(pdfDownload.suggestedFilename()).toMatch(/^shift-report-detox-north-.*\.pdf$/);
  const pdf = readFileSync((await pdfDownload.path()) ?? '');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.subarray(-32).toString('latin1')).toContain('%%EOF');

  await page.getByRole('button', { name: 'Current shift' }).click();
  await expect(page).toHaveURL(/\/shift-report$/);
  await expect(page.getByText(/in progress, up to/)).toBeVisible();
});
