import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, test } from './sessions.js';
import { trpcGet, trpcPost } from './trpc-calls.js';

// A patient no other browser spec charts on, so the board row's change is this test's doing.
const PATIENT = 'Samuel Ortiz';
const BED = '10';

// Two mild COWS (5-12) with different totals: the test records whichever differs from the latest.
const COWS_ITEMS = [
  'Resting pulse rate',
  'Sweating',
  'Restlessness',
  'Pupil size',
  'Bone or joint aches',
  'Runny nose or tearing',
  'GI upset',
  'Tremor',
  'Yawning',
  'Anxiety or irritability',
  'Gooseflesh skin',
];
const MILD_9 = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
const MILD_10 = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0];
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

/**
 * How long live updates may take to reach another screen once the save is acknowledged: a second.
 * (On an idle 2-core machine it takes 0.3-0.5 s; a workstation busy with other jobs can set
 * LIVE_BUDGET_MS higher, but CI keeps the requirement.)
 */
const LIVE_BUDGET_MS = Number(process.env.LIVE_BUDGET_MS ?? 1_000);

/** "2025-03-08T14:05" (a datetime-local value, unit time) as the app prints it: "08 Mar 14:05". */
function unitTimeLabel(local: string): string {
  const [, y, m, d, hm] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(local) ?? [];
  const month = new Date(Date.UTC(Number(y), Number(m) - 1, 1)).toLocaleString('en-US', {
    month: 'short',
    timeZone: 'UTC',
  });
  return `${d} ${month} ${hm}`;
}

const assessmentRows = (page: Page): Locator => page.getByRole('table', { name: 'Assessments' }).locator('tbody tr');
const scorePoints = (page: Page): Locator => page.getByTestId('score-chart').getByTestId('score-point');

test('a COWS charted by a nurse reaches the physician’s board and another open patient page within a second, without reload', async ({
  pageAs,
}) => {
  // The physician watching the board, a second physician's screen reading the same patient, and the
  // nurse at the bedside: three browser contexts, three live connections.
  const board = await pageAs('physician', '/');
  await expect(board.getByText('Live', { exact: true })).toBeVisible();
  const row = board.getByTestId(`board-row-${BED}`);
  await expect(row).toContainText(PATIENT);
  const latestCell = row.getByRole('cell').nth(3);
  const before = (await latestCell.textContent()) ?? '';
  const patientHref = await row.getByRole('link', { name: PATIENT }).getAttribute('href');
  expect(patientHref).toMatch(/^\/admissions\/\d+$/);

  // The second physician opens the patient from the board; the page opens its own live connection.
  const reader = await pageAs('physician', '/');
  await expect(reader.getByText('Live', { exact: true })).toBeVisible();
  const readerLive = reader.waitForResponse((r) => new URL(r.url()).pathname.includes('events.unit'));
  await reader.getByRole('link', { name: PATIENT }).click();
  await expect(reader.getByRole('heading', { level: 1, name: new RegExp(PATIENT) })).toBeVisible();
  expect((await readerLive).status()).toBe(200);
  const readerRows = assessmentRows(reader);
  await expect(readerRows.first()).toBeVisible();
  await expect(scorePoints(reader).first()).toBeVisible();
  const listBefore = await readerRows.count();
  const pointsBefore = await scorePoints(reader).count();

  const nurse = await pageAs('nurse', patientHref ?? '');
  await expect(nurse.getByRole('heading', { level: 1, name: new RegExp(PATIENT) })).toBeVisible();
  await nurse.getByRole('button', { name: 'Chart assessment' }).click();
  const form = nurse.getByRole('form', { name: 'Chart an assessment' });
  const values = before.includes(`${sum(MILD_9)} Mild`) ? MILD_10 : MILD_9;
  const total = sum(values);
  for (const [i, label] of COWS_ITEMS.entries()) {
    await form
      .getByRole('group', { name: new RegExp(`^${label}`) })
      .getByRole('radio', { name: new RegExp(`^${values[i]}\\b`) })
      .check();
  }
  await expect(form.getByText(`${total} Mild`)).toBeVisible();
  const takenAt = unitTimeLabel(await form.locator('input[name="takenAt"]').inputValue());
  const latest = new RegExp(`\\b${total} Mild\\s*COWS · ${takenAt}`);
  expect(before, 'the board already shows this score: the test would prove nothing').not.toMatch(latest);
  await expect(board.getByText('Live', { exact: true })).toBeVisible();

  // A mark in each reader's window: a reload or navigation would wipe it.
  for (const page of [board, reader])
    await page.evaluate(() => ((globalThis as Record<string, unknown>).beforeSave = true));

  const saved = nurse.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.includes('assessments.record'),
  );
  await form.getByRole('button', { name: 'Save COWS' }).click();
  const response = await saved;
  const acknowledgedAt = Date.now();
  expect(response.status()).toBe(200);
  const left = () => ({ timeout: Math.max(1, acknowledgedAt + LIVE_BUDGET_MS - Date.now()) });

  // All three checks poll at once against the same deadline: one second after the acknowledgement.
  const seenAfter = (check: Promise<void>) => check.then(() => Date.now() - acknowledgedAt);
  const [boardMs, listMs, chartMs] = await Promise.all([
    seenAfter(
      expect(latestCell, 'the board row shows the new latest score and its time').toContainText(latest, left()),
    ),
    seenAfter(
      expect(readerRows, 'the other patient page lists the new assessment').toHaveCount(listBefore + 1, left()),
    ),
    seenAfter(
      expect(scorePoints(reader), 'the other patient page plots the new assessment').toHaveCount(
        pointsBefore + 1,
        left(),
      ),
    ),
  ]);
  test.info().annotations.push({
    type: 'live update',
    description: `seen ${boardMs} ms (board), ${listMs} ms (list), ${chartMs} ms (chart) after the save was acknowledged`,
  });
  await expect(readerRows.first()).toContainText(`${total} Mild`);
  await expect(readerRows.first()).toContainText('Ana Reyes, RN');
  // Nobody reloaded: the screens changed in place.
  for (const page of [board, reader])
    expect(await page.evaluate(() => (globalThis as Record<string, unknown>).beforeSave)).toBe(true);
});

/** Holds the page's live stream requests until released: the board is read, then the stream opens. */
async function holdLiveStream(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(
    (url) => url.pathname.includes('events.unit'),
    async (route) => {
      await released;
      await route.continue();
    },
  );
  return release;
}

/** Admits a new patient through the API (as another nurse's tablet would); returns the name. */
async function admitThroughApi(page: Page, unitId: number, bed: string): Promise<string> {
  const now = Date.now();
  const name = `Admitted Meanwhile ${bed} ${now}`;
  await trpcPost(page, 'admissions.admit', {
    unitId,
    bed,
    patient: { mrn: `MID-${bed}-${now}`, name, birthDate: '1979-09-14' },
    substances: [{ code: 'heroin' }],
    lastUseAt: new Date(now - 12 * 3_600_000).toISOString(),
    admittedAt: new Date(now - 60_000).toISOString(),
  });
  return name;
}

async function northUnitId(page: Page): Promise<number> {
  const units = await trpcGet<{ id: number; name: string }[]>(page, 'units.list');
  return units.find((u) => u.name === 'Detox North')?.id as number;
}

/**
 * The board open with its live stream held back (holdLiveStream), and the empty beds of its unit, as
 * read through the API after the page's own read.
 */
async function boardWithStreamHeld(
  context: BrowserContext,
): Promise<{ page: Page; releaseStream: () => void; unitId: number; emptyBeds: string[] }> {
  const page = await context.newPage();
  const releaseStream = await holdLiveStream(page);
  await page.goto('/');
  await expect(page.locator('table.board tbody tr').first()).toBeVisible({ timeout: 30_000 });
  const unitId = await northUnitId(page);
  const { emptyBeds } = await trpcGet<{ emptyBeds: string[] }>(page, 'census.board', { unitId });
  return { page, releaseStream, unitId, emptyBeds };
}

test('a patient admitted after the board was read, before its live stream opened, is on the board within seconds', async ({
  browser,
  baseURL,
  viewport,
  sessionOf,
}) => {
  // The order a CI run caught: the board read, a patient admitted, then the stream opened. The stream's
  // request is held until the admission is saved, so the order is the same every run.
  const context = await browser.newContext({ baseURL, viewport, storageState: await sessionOf('physician') });
  try {
    // No waiting for "Live" first.
    const { page, releaseStream, unitId, emptyBeds } = await boardWithStreamHeld(context);
    const bed = emptyBeds[0] as string;
    const name = await admitThroughApi(page, unitId, bed);
    const admittedAt = Date.now();
    releaseStream();

    // Well inside the board's 60 s refresh: the stream, asked for what changed since the board's read, says so.
    await expect(page.getByTestId(`board-row-${bed}`)).toContainText(name, { timeout: 5_000 });
    await expect(page.getByText('Live', { exact: true })).toBeVisible();
    test.info().annotations.push({
      type: 'live update',
      description: `the admission made before the stream opened was on the board ${Date.now() - admittedAt} ms after it was saved`,
    });
  } finally {
    await context.close();
  }
});

test('records charted before the board’s stream opened arrive together, and the board is read again once', async ({
  browser,
  baseURL,
  viewport,
  sessionOf,
}) => {
  // Each read of the board is audited: a burst of missed events must not become a burst of reads.
  const context = await browser.newContext({ baseURL, viewport, storageState: await sessionOf('physician') });
  try {
    const { page, releaseStream, unitId, emptyBeds } = await boardWithStreamHeld(context);
    expect(emptyBeds.length, 'two empty beds on the demo unit').toBeGreaterThanOrEqual(2);
    const [first, second] = emptyBeds as [string, string];
    const names = [await admitThroughApi(page, unitId, first), await admitThroughApi(page, unitId, second)];
    // Calls, not requests: one batched request can carry the same procedure twice.
    const boardReads: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      for (const call of pathname.slice('/trpc/'.length).split(',')) if (call === 'census.board') boardReads.push(call);
    });
    releaseStream();

    await expect(page.getByTestId(`board-row-${first}`)).toContainText(names[0] as string, { timeout: 5_000 });
    await expect(page.getByTestId(`board-row-${second}`)).toContainText(names[1] as string);
    await expect(page.getByText('Live', { exact: true })).toBeVisible();
    // A moment for any further read the two events would start.
    await page.waitForTimeout(1_000);
    expect(boardReads, 'the board read again after the missed events').toHaveLength(1);
  } finally {
    await context.close();
  }
});
