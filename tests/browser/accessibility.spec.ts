import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './sessions.js';

const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe-core (every rule but the experimental ones) on the page as it is and fails on any serious
 * or critical violation, listing each with its rule id, help text and the elements' selectors.
 * Legacy mode runs axe in the page itself: the app has no frames, and the default mode opens an
 * extra page per scan to merge frame results, which costs seconds on a small CI machine.
 */
async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const report = blocking
    .map((v) => {
      const nodes = v.nodes.map(
        (n) => `    ${n.target.join(' ')}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
      );
      return `- ${v.id} (${v.impact}): ${v.help} ${v.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n');
  expect(blocking, `serious or critical accessibility violations on the ${screen}:\n${report}`).toEqual([]);
}

test('the login page has no serious or critical accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  await expectNoSeriousViolations(page, 'login page');
});

test('the census board has no serious or critical accessibility violations', async ({ pageAs }) => {
  const page = await pageAs('physician', '/');
  await expect(page.getByRole('table', { name: /^Patients on / })).toBeVisible();
  await expectNoSeriousViolations(page, 'census board');
});

test('a patient page, its chart loaded, has no serious or critical accessibility violations', async ({ pageAs }) => {
  const page = await pageAs('physician', '/');
  await page.getByRole('link', { name: 'Daniel Okafor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Daniel Okafor/ })).toBeVisible();
  await expect(page.getByTestId('score-point').first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Assessments' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Medication administrations' })).toBeVisible();
  await expectNoSeriousViolations(page, 'patient page');
});

test('the protocol page has no serious or critical accessibility violations', async ({ pageAs }) => {
  const page = await pageAs('physician', '/protocol');
  await expect(page.getByRole('heading', { level: 1, name: /medication protocol$/ })).toBeVisible();
  await expectNoSeriousViolations(page, 'protocol page');
});

test('the shift report page has no serious or critical accessibility violations', async ({ pageAs }) => {
  const page = await pageAs('nurse', '/shift-report');
  await expect(page.getByRole('heading', { level: 1, name: 'Shift report' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Unit totals' })).toBeVisible();
  await expect(page.getByTestId('handoff-bed-1')).toBeVisible();
  await expectNoSeriousViolations(page, 'shift report page');
});

test('the medication record with a dose form open from an order, and a verbal order form, have no serious or critical accessibility violations', async ({
  pageAs,
}) => {
  const page = await pageAs('nurse', '/');
  await page.getByRole('link', { name: 'Daniel Okafor' }).first().click();
  const mar = page.getByRole('region', { name: 'Medication record', exact: true });
  await mar.getByRole('list', { name: 'PRN eligible now' }).getByRole('button').first().click();
  await expect(mar.getByRole('form', { name: 'Record a medication' })).toBeVisible();
  await page
    .getByRole('region', { name: 'Orders', exact: true })
    .getByRole('button', { name: 'Enter a verbal order' })
    .click();
  await expect(page.getByRole('form', { name: 'Enter a verbal order' })).toBeVisible();
  await expectNoSeriousViolations(page, 'medication record and verbal order form');
});

test('a physician’s orders panel with the order set form open, and the countersignature list, have no serious or critical accessibility violations', async ({
  pageAs,
}) => {
  const page = await pageAs('physician', '/');
  await page.getByRole('link', { name: 'Daniel Okafor' }).first().click();
  const orders = page.getByRole('region', { name: 'Orders', exact: true });
  await orders.getByRole('button', { name: 'Apply order set' }).click();
  await orders.getByRole('radio', { name: /^Opioid withdrawal: clonidine/ }).check();
  await expect(orders.getByRole('list', { name: /^Orders in / })).toBeVisible();
  await expectNoSeriousViolations(page, 'orders panel');
  await page.getByRole('link', { name: /^To countersign/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Orders to countersign' })).toBeVisible();
  await expectNoSeriousViolations(page, 'countersignature list');
});
