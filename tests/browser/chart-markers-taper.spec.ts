import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, test } from './sessions.js';
import { trpcGet, trpcPost } from './trpc-calls.js';

// Issue 15 items 7 and 8: the chart marks alerts (open and acknowledged) and orders (started,
// discontinued), its axis labels never collide (found on a 390 px phone), and a taper plan starts on
// the day chosen and is drawn on the course's own time axis.

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every axis label (times and dates) of each panel, compared pairwise by its drawn bounding box. */
async function expectAxisLabelsApart(chart: Locator): Promise<number> {
  const panels = await chart.locator('.recharts-wrapper').all();
  let labels = 0;
  for (const panel of panels) {
    const boxes: (Box & { text: string })[] = await panel.locator('.clock-tick text').evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height, text: el.textContent ?? '' };
      }),
    );
    labels += boxes.length;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i] as Box & { text: string }, boxes[j] as Box & { text: string }];
        expect(overlap(a, b), `axis labels "${a.text}" and "${b.text}" overlap`).toBe(false);
      }
    }
  }
  return labels;
}

async function openChart(page: Page, name: string): Promise<Locator> {
  await page.getByRole('link', { name }).first().click();
  const chart = page.locator('figure.patient-chart');
  await expect(chart.getByTestId('score-point').first()).toBeVisible({ timeout: 20_000 });
  return chart;
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width} × ${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('a demo patient on a buprenorphine taper: order markers, the plan on the course axis agreeing with the doses, labels apart', async ({
      pageAs,
    }, testInfo) => {
      const page = await pageAs('physician', '/');
      const chart = await openChart(page, 'Daniel Okafor');

      // Orders: the demo physician's order sets at admission, each start marked on its drug's lane.
      const orderMarkers = chart.getByTestId('order-marker');
      await expect(orderMarkers.first()).toBeAttached();
      expect(await chart.locator('[data-testid="order-marker"][data-event="started"]').count()).toBeGreaterThan(0);

      // The taper plan is drawn on the course's own axis, and its past days agree with the doses given.
      await chart.getByRole('radiogroup', { name: 'Time range' }).getByText('Whole expected course').click();
      const taper = chart.getByTestId('taper-course');
      await expect(taper).toBeVisible();
      const days = await taper.getByTestId('taper-day').evaluateAll((els) =>
        els.map((el) => ({
          when: el.getAttribute('data-when'),
          planned: el.getAttribute('data-planned'),
          given: el.getAttribute('data-given'),
        })),
      );
      expect(days.length).toBeGreaterThan(0);
      for (const d of days.filter((x) => x.when === 'past'))
        expect(d.given, 'a past taper day given as planned').toBe(d.planned);
      // One notion of day on the page: the taper table names days as "Stay day N (date)".
      await expect(taper.getByRole('table').locator('tbody th').first()).toHaveText(
        /^Stay day \d+ \(\w{3} \d{1,2} \w{3}\)/,
      );

      const labels = await expectAxisLabelsApart(chart);
      expect(labels).toBeGreaterThan(2);
      await chart.screenshot({ path: testInfo.outputPath(`demo-taper-course-chart-${viewport.name}.png`) });
      await chart.getByRole('radiogroup', { name: 'Time range' }).getByText('Fit to records').click();
      expect(await expectAxisLabelsApart(chart)).toBeGreaterThan(2);
      await chart.screenshot({ path: testInfo.outputPath(`demo-taper-fit-chart-${viewport.name}.png`) });
      await shot(page, testInfo, `demo-taper-${viewport.name}`);

      // A stay whose whole taper is behind it: every planned day was given as planned.
      await page.goto('/');
      const grace = await openChart(page, 'Grace Thompson');
      await grace.getByRole('radiogroup', { name: 'Time range' }).getByText('Whole expected course').click();
      const past = await grace
        .locator('[data-testid="taper-day"][data-when="past"]')
        .evaluateAll((els) => els.map((el) => [el.getAttribute('data-planned'), el.getAttribute('data-given')]));
      expect(past.length).toBeGreaterThan(3);
      for (const [planned, given] of past) expect(given).toBe(planned);
      await expectAxisLabelsApart(grace);
      await grace.screenshot({ path: testInfo.outputPath(`grace-course-chart-${viewport.name}.png`) });
    });

    test('alerts open and acknowledged are marked differently; a taper plan started today is drawn on the course axis', async ({
      pageAs,
    }, testInfo) => {
      const physician = await pageAs('physician', '/');
      const units = await trpcGet<{ id: number; name: string }[]>(physician, 'units.list');
      const unitId = units.find((u) => u.name === 'Detox North')?.id as number;
      const board = await trpcGet<{ emptyBeds: string[] }>(physician, 'census.board', { unitId });
      const bed = board.emptyBeds[0];
      expect(bed, 'a free bed on Detox North').toBeDefined();
      const now = Date.now();
      const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
      const name = `Marker Test ${viewport.name} ${now}`;
      const { admissionId } = await trpcPost<{ admissionId: number }>(physician, 'admissions.admit', {
        unitId,
        bed,
        patient: { mrn: `MRK-${now}`, name, birthDate: '1984-06-09' },
        substances: [{ code: 'heroin', detail: 'IV' }],
        weightKg: 75,
        lastUseAt: minutesAgo(20 * 60),
        admittedAt: minutesAgo(6 * 60),
      });
      const sets = await trpcGet<{ id: number; code: string }[]>(physician, 'orderSets.list', { unitId });
      const induction = sets.find((s) => s.code === 'buprenorphine-induction');
      expect(induction).toBeDefined();
      await trpcPost(physician, 'orderSets.apply', { admissionId, setId: induction?.id, startAt: minutesAgo(5 * 60) });
      const orders = await trpcGet<{ id: number; drug: string; doseMg: number; route: string; status: string }[]>(
        physician,
        'orders.list',
        { admissionId },
      );
      const bup = orders.find((o) => o.status === 'active' && o.drug === 'buprenorphine');
      expect(bup, 'the induction set orders buprenorphine').toBeDefined();
      if (!bup) return;

      // A COWS before the first buprenorphine dose, then two well above it within 2 h: two
      // precipitated-withdrawal alerts, the first acknowledged by the physician before the second.
      const nurse = await pageAs('nurse', '/');
      // COWS 10 before the dose; 24 and 26 after it (each a rise of 6 or more).
      const low = {
        pulse: 1,
        sweating: 1,
        restlessness: 1,
        pupils: 1,
        boneJointAches: 1,
        runnyNoseTearing: 1,
        giUpset: 1,
        tremor: 1,
        yawning: 1,
        anxietyIrritability: 1,
        gooseflesh: 0,
      };
      const high = {
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
      const cows = (level: 1 | 2 | 3) => (level === 1 ? low : level === 2 ? high : { ...high, restlessness: 5 });
      await trpcPost(nurse, 'assessments.record', {
        admissionId,
        instrument: 'COWS',
        takenAt: minutesAgo(130),
        items: cows(1),
      });
      await trpcPost(nurse, 'medications.record', {
        admissionId,
        orderId: bup.id,
        drug: bup.drug,
        doseMg: bup.doseMg,
        route: bup.route,
        givenAt: minutesAgo(120),
        status: 'given',
        overrideReason: 'Induction started by the physician for the marker test',
      });
      await trpcPost(nurse, 'assessments.record', {
        admissionId,
        instrument: 'COWS',
        takenAt: minutesAgo(90),
        items: cows(2),
      });
      const alerts = await trpcGet<{ id: number; acknowledged: unknown }[]>(physician, 'alerts.list', { admissionId });
      expect(alerts.length).toBe(1);
      await trpcPost(physician, 'alerts.acknowledge', {
        alertId: alerts[0]?.id,
        note: 'Seen; buprenorphine held, clonidine given',
      });
      await trpcPost(nurse, 'assessments.record', {
        admissionId,
        instrument: 'COWS',
        takenAt: minutesAgo(60),
        items: cows(3),
      });

      // The physician discontinues the clonidine order: an order end on the chart.
      const clonidine = orders.find((o) => o.status === 'active' && o.drug === 'clonidine');
      if (clonidine)
        await trpcPost(physician, 'orders.discontinue', {
          orderId: clonidine.id,
          reason: 'Hypotension on the first dose',
        });

      await physician.goto('/');
      const chart = await openChart(physician, name);
      const markers = chart.getByTestId('alert-marker');
      await expect(markers).toHaveCount(2);
      await expect(chart.locator('[data-testid="alert-marker"][data-acknowledged="true"]')).toHaveCount(1);
      await expect(chart.locator('[data-testid="alert-marker"][data-acknowledged="false"]')).toHaveCount(1);
      const list = chart.getByRole('list', { name: 'Alerts on the chart' });
      await expect(list).toContainText(/acknowledged by Dr\. Ben Carter .*: Seen; buprenorphine held, clonidine given/);
      await expect(list).toContainText('open, not acknowledged');
      expect(await chart.locator('[data-testid="order-marker"][data-event="started"]').count()).toBeGreaterThan(0);
      if (clonidine)
        await expect(
          chart.locator('[data-testid="order-marker"][data-event="discontinued"][data-drug="clonidine"]'),
        ).toHaveCount(1);
      await expectAxisLabelsApart(chart);

      // A taper plan, entered on stay day 1 or 2 of this stay, starting today (the default).
      await physician.getByRole('button', { name: 'Taper plan' }).click();
      const form = physician.getByRole('form', { name: 'Taper plan' });
      await form.getByLabel('Drug').selectOption('buprenorphine');
      const todayLocal = await form.getByLabel('Starts on').inputValue();
      expect(todayLocal).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await form.getByLabel('First day total (mg)').fill('8');
      await form.getByLabel('Less each day (mg)').fill('2');
      await form.getByRole('button', { name: 'Fill a straight taper' }).click();
      await expect(form.getByRole('table', { name: 'Buprenorphine planned totals' }).locator('tbody tr')).toHaveCount(
        4,
      );
      await expect(
        form.getByRole('table', { name: 'Buprenorphine planned totals' }).locator('tbody th').first(),
      ).toHaveText(/^Stay day [12] \(/);
      await form.getByRole('button', { name: 'Save buprenorphine plan' }).click();
      await expect(form).toBeHidden();

      const today = chart.locator('[data-testid="taper-day"][data-when="today"]');
      await expect(today).toHaveCount(1);
      await expect(today).toHaveAttribute('data-date', todayLocal);
      await expect(today).toHaveAttribute('data-planned', '8');
      // The given dose (4 mg this morning, if still today on the unit's clock) counts against today's plan.
      const timeline = await trpcGet<{ taper: { date: string; givenMg: number; plannedMg: number }[] }>(
        physician,
        'timeline.get',
        { admissionId },
      );
      expect(timeline.taper[0]?.date).toBe(todayLocal);
      // Drawn on the course's own axis: the "now" line of the score chart falls inside today's block.
      const now_ = await chart
        .getByTestId('score-chart')
        .locator('.end-line line, line.end-line, .end-line')
        .first()
        .boundingBox();
      const block = await today.locator('rect').first().boundingBox();
      expect(now_ && block).toBeTruthy();
      if (now_ && block) {
        expect(now_.x).toBeGreaterThanOrEqual(block.x - 1);
        expect(now_.x).toBeLessThanOrEqual(block.x + block.width + 1);
      }
      await expectAxisLabelsApart(chart);
      await chart.screenshot({ path: testInfo.outputPath(`markers-taper-today-chart-${viewport.name}.png`) });
      await shot(physician, testInfo, `markers-taper-today-${viewport.name}`);
    });
  });
}
