import path from 'node:path';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { logIn } from './login.js';

const screenshots = path.resolve(import.meta.dirname, '../artifacts/screenshots');

// The demo unit (server/src/db/seed/demo-patients.ts): bed, name and the withdrawal phase each is in
// for hours after the demo loads (hours since last use at load, far from any phase boundary).
const DEMO_BOARD = [
  { bed: '1', name: 'Maria Alvarez', phase: 'Before expected onset' }, // 6 h, short-acting
  { bed: '2', name: 'James Whitfield', phase: 'Onset' }, // 14 h
  { bed: '3', name: 'Aisha Rahman', phase: 'Peak' }, // 30 h
  { bed: '5', name: 'Daniel Okafor', phase: 'Peak' }, // 54 h
  { bed: '6', name: 'Linda Park', phase: 'Resolution' }, // 80 h
  { bed: '7', name: 'Robert Mills', phase: 'Resolution' }, // 120 h
  { bed: '9', name: 'Grace Thompson', phase: 'Resolution' }, // 192 h
  { bed: '10', name: 'Samuel Ortiz', phase: 'Onset' }, // 60 h, long-acting
];

/** The page's own session calling the API, for what the test arranges or checks against. */
async function trpc<T>(
  request: APIRequestContext,
  kind: 'query' | 'mutation',
  name: string,
  input: unknown,
): Promise<T> {
  const response =
    kind === 'query'
      ? await request.get(
          input === undefined ? `/trpc/${name}` : `/trpc/${name}?input=${encodeURIComponent(JSON.stringify(input))}`,
        )
      : await request.post(`/trpc/${name}`, { data: input });
  expect(response.status(), `${name}: ${await response.text()}`).toBe(200);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

interface BoardRow {
  admissionId: number;
  bed: string;
  patient: { name: string };
  phaseLabel: string;
  latestScore: { instrument: string; total: number; severityLabel: string } | null;
}

test('a physician reads the board, opens a patient and finds every active assessment on the chart', async ({
  page,
}) => {
  await logIn(page, 'physician', 'demo-physician');

  // The board: a row per demo patient, in bed order, with the bed, the withdrawal phase and the latest
  // score (which the other specs may have moved on: it is checked against the server's census). Other
  // specs admit patients of their own to the empty beds: only the demo patients' rows are read here.
  const table = page.getByRole('table', { name: /^Patients on / });
  const demoNames = new RegExp(`^(${DEMO_BOARD.map((d) => d.name).join('|')})$`);
  const rows = table.locator('tbody tr').filter({ has: page.getByRole('link', { name: demoNames }) });
  await expect(rows).toHaveCount(DEMO_BOARD.length);
  // The bed cell also carries the illness-severity badge ("Watcher: score rose 3 points").
  await expect(rows.locator('td:nth-child(1)')).toHaveText(DEMO_BOARD.map((d) => new RegExp(`^${d.bed}(?!\\d)`)));
  await expect(rows.locator('td:nth-child(2)').getByRole('link')).toHaveText(DEMO_BOARD.map((d) => d.name));
  await expect(rows.locator('td:nth-child(3) .phase')).toHaveText(DEMO_BOARD.map((d) => d.phase));
  const unitId = (await trpc<{ id: number }[]>(page.request, 'query', 'units.list', undefined))[0]?.id;
  const board = await trpc<{ rows: BoardRow[] }>(page.request, 'query', 'census.board', { unitId });
  const latest = DEMO_BOARD.map((d) => {
    const score = board.rows.find((r) => r.bed === d.bed)?.latestScore;
    expect(score, `${d.name} has a latest score`).toBeTruthy();
    return new RegExp(
      `^${score?.total} ${score?.severityLabel}\\s*${score?.instrument} · \\d{2} \\w{3} \\d{2}:\\d{2}$`,
    );
  });
  await expect(rows.locator('td:nth-child(4)')).toHaveText(latest);

  // Arrange, over the API as this physician: a taper plan (so the chart has its taper panel) and one
  // assessment marked entered in error (so the chart has to leave a row of the list out).
  const grace = board.rows.find((r) => r.patient.name === 'Grace Thompson');
  const admissionId = grace?.admissionId ?? 0;
  await trpc(page.request, 'mutation', 'taperPlans.set', {
    admissionId,
    drug: 'buprenorphine',
    days: [12, 12, 10, 8, 6, 4, 2, 2, 0, 0].map((totalMg, i) => ({ day: i + 1, totalMg })),
  });
  const listed = await trpc<{ id: number; status: string; total: number }[]>(
    page.request,
    'query',
    'assessments.list',
    { admissionId },
  );
  const active = listed.filter((a) => a.status === 'active');
  const retracted = active[Math.floor(active.length / 2)];
  if (retracted)
    await trpc(page.request, 'mutation', 'assessments.correct', {
      assessmentId: retracted.id,
      reason: 'Charted against the wrong bed',
    });

  await page.getByRole('link', { name: 'Grace Thompson' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Grace Thompson/ })).toBeVisible();
  const assessments = page.getByRole('table', { name: 'Assessments' }).locator('tbody tr:not(.detail-row)');
  await expect(assessments.first()).toBeVisible();
  await expect(assessments.filter({ hasText: 'Charted against the wrong bed' })).toHaveClass(/\binactive\b/);
  // Active rows: neither entered in error nor superseded by a correction (those carry .inactive).
  const activeRows = await assessments.and(page.locator(':not(.inactive)')).count();
  expect(activeRows).toBe(active.length - 1);
  expect(await assessments.count()).toBe(listed.length);

  // The chart (lazily loaded): one dot per active assessment. Series over 400 points are drawn
  // without dots (chart-layout.ts); the demo's longest stay is well under that.
  const chart = page.getByRole('figure', { name: 'Withdrawal course' });
  const points = chart.getByTestId('score-chart').getByTestId('score-point');
  await expect(points).toHaveCount(activeRows);
  await expect(chart.getByText(/Long series drawn as a line without dots/)).toHaveCount(0);
  const plotted = (await points.evaluateAll((dots) => dots.map((d) => Number(d.getAttribute('data-total'))))).sort(
    (x, y) => x - y,
  );
  const expected = active
    .filter((a) => a.id !== retracted?.id)
    .map((a) => a.total)
    .sort((x, y) => x - y);
  expect(plotted, 'the dots are the active assessments’ totals').toEqual(expected);

  // The rest of the chart is there: expected windows, band lines, medications, vitals, the taper plan.
  for (const name of ['Withdrawal score (COWS)', 'Medications', 'Vital signs', 'Taper plan']) {
    await expect(chart.getByRole('heading', { level: 3, name })).toBeVisible();
  }
  await expect(chart.locator('.course-window')).not.toHaveCount(0);
  await expect(chart.locator('.band-line')).not.toHaveCount(0);
  await expect(chart.getByTestId('medication-marker').first()).toBeVisible();
  await expect(chart.getByTestId('bp-reading').first()).toBeVisible();
  await expect(chart.getByRole('img', { name: /Buprenorphine taper plan/ })).toBeVisible();

  await page.screenshot({ path: path.join(screenshots, 'physician-patient-chart.png'), fullPage: true });
});
