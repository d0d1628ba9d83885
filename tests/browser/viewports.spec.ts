import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { logIn } from './login.js';
import { expect, test } from './sessions.js';

/** The browser's globals as the page functions below use them (the tests compile without the DOM library). */
type Win = { innerWidth: number; document: { scrollingElement: { scrollWidth: number } | null } };

/** The screenshots are also kept in one stable folder, so the lead can look at them after a run. */
const viewportArtifacts = path.resolve(import.meta.dirname, '../artifacts/viewports');

// The widths issue 15 was found at: a phone, a portrait tablet, a landscape tablet, a physician's desktop.
const SCREENS = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;

const BLOCKING = new Set(['serious', 'critical']);

async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const report = blocking
    .map((v) => `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`)
    .join('\n');
  expect(blocking, `serious or critical accessibility violations on the ${screen}:\n${report}`).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => {
    const win = globalThis as unknown as Win;
    return { scrollWidth: win.document.scrollingElement?.scrollWidth ?? 0, innerWidth: win.innerWidth };
  });
  expect(scrollWidth, `the ${screen} scrolls sideways`).toBeLessThanOrEqual(innerWidth + 1);
}

/** Where a chart's plot area is on the page: its clip rectangle, offset by the chart's own left edge. */
async function plotBox(surface: Locator): Promise<{ left: number; width: number }> {
  return surface
    .locator('svg.recharts-surface')
    .first()
    .evaluate((svg) => {
      const clip = svg.querySelector('clipPath rect');
      return {
        left: svg.getBoundingClientRect().left + Number(clip?.getAttribute('x') ?? Number.NaN),
        width: Number(clip?.getAttribute('width') ?? Number.NaN),
      };
    });
}

/** Saves a screenshot with the test's own output and copies it to tests/artifacts/viewports/. */
async function keepScreenshot(
  testInfo: TestInfo,
  name: string,
  take: (file: string) => Promise<unknown>,
): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await take(file);
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  mkdirSync(viewportArtifacts, { recursive: true });
  copyFileSync(file, path.join(viewportArtifacts, `${name}.png`));
}

for (const screen of SCREENS) {
  test.describe(`at ${screen.width} × ${screen.height}`, () => {
    test.use({ viewport: screen });

    test('the board, the COWS form and the chart fit the width, with no serious accessibility violations', async ({
      page,
    }, testInfo) => {
      test.setTimeout(180_000);
      await logIn(page, 'nurse', 'demo-nurse');

      // The census board.
      const patient = page.getByRole('link', { name: 'Daniel Okafor' }).first();
      await expect(patient).toBeVisible();
      // Each patient's due medications load on their own: the screenshot waits for every "…" placeholder to go.
      await expect(page.getByText('…', { exact: true })).toHaveCount(0, { timeout: 20_000 });
      await expectNoSidewaysScroll(page, 'census board');
      await keepScreenshot(testInfo, `board-${screen.width}`, (file) =>
        page.screenshot({ path: file, fullPage: true }),
      );
      await expectNoSeriousViolations(page, 'census board');

      // The patient's withdrawal chart, drawn to the width.
      await patient.click();
      await expect(page.getByRole('heading', { level: 1, name: /Daniel Okafor/ })).toBeVisible();
      const chart = page.locator('figure.patient-chart');
      await expect(chart.getByTestId('score-point').first()).toBeVisible();
      await expect(chart.getByTestId('medication-marker').first()).toBeVisible();
      await expectNoSidewaysScroll(page, 'patient page with its chart');
      const scorePlot = await plotBox(chart.getByTestId('score-chart').locator('.chart-surface'));
      const plotWidth = scorePlot.width;
      if (screen.width === 390) {
        // The phone layout: band labels inside the plot, drug names above their lanes.
        await expect(chart).toHaveAttribute('data-layout', 'narrow');
        expect(plotWidth, 'the score plot on a phone').toBeGreaterThanOrEqual(0.6 * screen.width);
        await expect(chart.locator('.band-label-inside').first()).toBeVisible();
        await expect(chart.locator('.lane-label-above').first()).toBeVisible();
      } else {
        await expect(chart).toHaveAttribute('data-layout', 'wide');
      }
      // Every panel on the same time axis: the score plot and the medication lanes start and end together.
      const medicationPlot = await plotBox(
        chart.getByRole('region', { name: 'Medications and orders' }).locator('.chart-surface'),
      );
      expect(Math.abs(medicationPlot.left - scorePlot.left)).toBeLessThanOrEqual(1);
      expect(Math.abs(medicationPlot.width - scorePlot.width)).toBeLessThanOrEqual(1);
      await keepScreenshot(testInfo, `chart-${screen.width}`, (file) => chart.screenshot({ path: file }));
      await expectNoSeriousViolations(page, 'patient page with its chart');

      // The COWS entry form, opened for the patient.
      await page.getByRole('button', { name: 'Chart assessment' }).click();
      const form = page.getByRole('form', { name: 'Chart an assessment' });
      await expect(form).toBeVisible();
      await expect(form.getByRole('button', { name: 'Save COWS' })).toBeVisible();
      await expectNoSidewaysScroll(page, 'COWS form');
      await keepScreenshot(testInfo, `cows-form-${screen.width}`, (file) => page.screenshot({ path: file }));
      await expectNoSeriousViolations(page, 'COWS form');
    });
  });
}
