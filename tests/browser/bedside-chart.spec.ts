import path from 'node:path';
import { expect, test } from './sessions.js';
import { trpcGet, trpcPost } from './trpc-calls.js';

const artifacts = path.resolve(import.meta.dirname, '../artifacts');

// Issue 15 item 7 was found by a physician at a desktop (1440 × 900).
test.use({ viewport: { width: 1440, height: 900 } });

test('the chart of a patient 6 h in fills the width, reads in clock hours, and says what is still to come', async ({
  pageAs,
}) => {
  const page = await pageAs('physician', '/');
  await page.getByRole('link', { name: 'Maria Alvarez' }).click();
  const chart = page.locator('figure.patient-chart');
  const points = chart.getByTestId('score-point');
  await expect(points.first()).toBeVisible({ timeout: 15_000 });

  // Hour ticks in the unit's clock ("08:00"), at least one dated.
  const ticks = chart.getByTestId('score-chart').getByTestId('clock-tick');
  expect(await ticks.count()).toBeGreaterThanOrEqual(4);
  for (const time of await ticks.evaluateAll((els) => els.map((el) => el.getAttribute('data-time'))))
    expect(time).toMatch(/^\d\d:00$/);
  await expect(chart.getByTestId('score-chart').locator('.clock-tick-date').first()).toHaveText(/^\w{3} \d\d \w{3}$/);

  // The data is spread over the plot, not squeezed into its left edge.
  const plot = await chart.getByTestId('score-chart').locator('.recharts-cartesian-grid').boundingBox();
  const xs = await points.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().x));
  expect(plot).not.toBeNull();
  if (plot && xs.length > 1) expect((Math.max(...xs) - Math.min(...xs)) / plot.width).toBeGreaterThan(0.3);
  // The expected peak, beyond the fitted axis, is said in words.
  await expect(chart.getByTestId('windows-ahead')).toContainText('expected peak');
  await chart.screenshot({ path: path.join(artifacts, 'chart-fit-1440.png') });

  // The whole expected course on request: the peak window is drawn and the note goes.
  await chart.getByRole('radiogroup', { name: 'Time range' }).getByText('Whole expected course').click();
  await expect(chart.locator('.course-window-peak')).toHaveCount(1);
  await expect(chart.getByTestId('windows-ahead')).toHaveCount(0);
});

test('temperature, respiratory rate and SpO2 can each be drawn', async ({ pageAs }) => {
  const page = await pageAs('physician', '/');
  await page.getByRole('link', { name: 'Daniel Okafor' }).click();
  const chart = page.locator('figure.patient-chart');
  await expect(chart.getByTestId('score-point').first()).toBeVisible({ timeout: 15_000 });
  const choice = chart.getByRole('radiogroup', { name: 'Vital sign shown' });
  for (const [label, sign] of [
    ['Temperature', 'temperature'],
    ['Resp rate', 'respiratoryRate'],
    ['SpO2', 'spo2'],
  ] as const) {
    await choice.getByText(label, { exact: true }).click();
    const series = chart.getByTestId(`vital-chart-${sign}`);
    await expect(series).toBeVisible();
    await expect(series.locator('.recharts-line-dot').first()).toBeVisible();
  }
  await choice.getByText('Temperature', { exact: true }).click();
  await chart.screenshot({ path: path.join(artifacts, 'chart-temperature-1440.png') });
});

test('an alert is marked on the chart where it was raised', async ({ pageAs }) => {
  const page = await pageAs('physician', '/');
  const link = page.getByRole('link', { name: 'James Whitfield' });
  const admissionId = Number((await link.getAttribute('href'))?.split('/').pop());
  // A first buprenorphine dose, then a COWS 6 points above the one before it: precipitated withdrawal.
  const orders: { id: number; drug: string; doseMg: number; route: string; status: string }[] = await trpcGet(
    page,
    'orders.list',
    { admissionId },
  );
  const order = orders.find((o) => o.status === 'active' && o.drug.startsWith('buprenorphine'));
  expect(order, 'the demo stay has an active buprenorphine order').toBeDefined();
  if (!order) return;
  const nurse = await pageAs('nurse', '/');
  await trpcPost(nurse, 'medications.record', {
    admissionId,
    orderId: order.id,
    drug: order.drug,
    doseMg: order.doseMg,
    route: order.route,
    givenAt: new Date(Date.now() - 40 * 60_000).toISOString(),
    status: 'given',
    overrideReason: 'Induction started by the physician for the chart test',
  });
  const items = {
    pulse: 2,
    sweating: 2,
    restlessness: 3,
    pupils: 2,
    boneJointAches: 2,
    runnyNoseTearing: 2,
    giUpset: 2,
    tremor: 2,
    yawning: 2,
    anxietyIrritability: 2,
    gooseflesh: 3,
  };
  await trpcPost(nurse, 'assessments.record', {
    admissionId,
    instrument: 'COWS',
    takenAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    items,
  });

  await link.click();
  const chart = page.locator('figure.patient-chart');
  await expect(chart.getByTestId('alert-marker')).toHaveCount(1);
  await expect(chart.getByTestId('alert-marker')).toHaveAttribute('data-severity', 'danger');
  await expect(chart.getByRole('list', { name: 'Alerts on the chart' })).toContainText(/precipitated/i);
  await chart.screenshot({ path: path.join(artifacts, 'chart-alert-1440.png') });
});

test('an alcohol-only stay shows the alcohol course, with the seizure and delirium tremens windows marked', async ({
  pageAs,
}) => {
  // Issue 10 item 7: the alcohol course drawn with CIWA-Ar, and its danger windows on the chart.
  const page = await pageAs('physician', '/');
  // The stay is admitted through the API below and the board hears of it on its live stream, which
  // opens after the board's first read: admitted before that, the new bed waits for the 60 s refresh.
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  const units = (await (await page.request.get('/trpc/units.list')).json()).result.data as {
    id: number;
    name: string;
  }[];
  const unitId = units.find((u) => u.name === 'Detox North')?.id as number;
  const board = (await trpcGet(page, 'census.board', { unitId })) as { emptyBeds: string[] };
  const bed = board.emptyBeds[0] as string;
  const now = Date.now();
  const name = `Alcohol Only ${now}`;
  const { admissionId } = (await trpcPost(page, 'admissions.admit', {
    unitId,
    bed,
    patient: { mrn: `ALC-${now}`, name, birthDate: '1966-04-02' },
    substances: [{ code: 'alcohol', detail: 'a bottle of wine a day' }],
    weightKg: 80,
    lastUseAt: new Date(now - 20 * 3_600_000).toISOString(),
    admittedAt: new Date(now - 8 * 3_600_000).toISOString(),
  })) as { admissionId: number };
  const items = {
    nauseaVomiting: 2,
    tremor: 3,
    paroxysmalSweats: 2,
    anxiety: 2,
    agitation: 1,
    tactileDisturbances: 0,
    auditoryDisturbances: 0,
    visualDisturbances: 0,
    headache: 1,
    orientation: 0,
  };
  await trpcPost(page, 'assessments.record', {
    admissionId,
    instrument: 'CIWA-Ar',
    takenAt: new Date(now - 30 * 60_000).toISOString(),
    items,
  });

  await page.getByRole('link', { name }).click();
  const chart = page.locator('figure.patient-chart');
  await expect(chart.getByTestId('score-point').first()).toBeVisible({ timeout: 15_000 });
  await expect(chart).toContainText('alcohol');
  const key = chart.getByRole('list', { name: 'Score chart key' });
  await expect(key).toContainText('Seizure risk (0–48 h since last use');
  await expect(chart.locator('.risk-window-seizure')).toHaveCount(1);
  await chart.getByRole('radiogroup', { name: 'Time range' }).getByText('Whole expected course').click();
  await expect(chart.locator('.risk-window-delirium')).toHaveCount(1);
  await expect(key).toContainText('Delirium tremens risk (48–120 h since last use');
  await chart.screenshot({ path: path.join(artifacts, 'chart-alcohol-1440.png') });
});
