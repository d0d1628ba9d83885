import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './sessions.js';
import { trpcGet, trpcPost } from './trpc-calls.js';

const artifacts = path.resolve(import.meta.dirname, '../artifacts');

// Issue 15 item 2 was found by a nurse on a tablet (1024 × 768): after a COWS of 26 the board still
// said "next assessment in 3 h 58 min". Reassessment now follows severity, and the screens say why.
test.use({ viewport: { width: 1024, height: 768 } });

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** "in 58 min" / "in 1 h 0 min" → minutes; fails the test on any other wording. */
function minutesUntil(text: string): number {
  const match = /in (?:(\d+) h )?(\d+) min/.exec(text);
  expect(match, `a "due in" time in: ${text}`).not.toBeNull();
  return Number(match?.[1] ?? 0) * 60 + Number(match?.[2]);
}

/** The patient's entry on the board: a card below 1100 px, a table row above. */
function boardEntry(page: Page, bed: string): Locator {
  return page.locator(`[data-testid="board-card-${bed}"], [data-testid="board-row-${bed}"]`);
}

/** The entry's "next assessment" cell: "in 58 min", the clock time and why. */
function nextDueOf(entry: Locator): Locator {
  return entry.getByTestId('next-due');
}

// COWS 26 (moderately severe, docs/clinical.md §1.3): pulse 4 from a heart rate of 124, 4 + 5 + 5 + 4 + 4 more.
const COWS_26: [label: string, value: number][] = [
  ['Resting pulse rate', 4],
  ['Sweating', 4],
  ['Restlessness', 5],
  ['Pupil size', 5],
  ['Bone or joint aches', 4],
  ['Runny nose or tearing', 4],
  ['GI upset', 0],
  ['Tremor', 0],
  ['Yawning', 0],
  ['Anxiety or irritability', 0],
  ['Gooseflesh skin', 0],
];

test('a COWS of 26 makes the next one due within the hour, and the board and the patient page say why', async ({
  pageAs,
}) => {
  test.setTimeout(180_000);
  const nurse = await pageAs('nurse', '/');
  const units = (await (await nurse.request.get('/trpc/units.list')).json()).result.data as {
    id: number;
    name: string;
  }[];
  const unitId = units.find((u) => u.name === 'Detox North')?.id as number;
  const board = (await trpcGet(nurse, 'census.board', { unitId })) as { emptyBeds: string[] };
  const bed = board.emptyBeds[0];
  expect(bed, 'a free bed on Detox North').toBeDefined();
  if (!bed) return;
  const name = `Reassess Severity ${Date.now()}`;
  const { admissionId } = (await trpcPost(nurse, 'admissions.admit', {
    unitId,
    bed,
    patient: { mrn: `RS-${Date.now()}`, name, birthDate: '1983-03-03' },
    substances: [{ code: 'heroin' }],
    lastUseAt: minutesAgo(18 * 60),
    admittedAt: minutesAgo(90),
  })) as { admissionId: number };
  // A mild COWS half an hour ago: the routine interval, 4 h.
  const cows7 = {
    pulse: 0,
    sweating: 0,
    restlessness: 0,
    pupils: 0,
    boneJointAches: 0,
    runnyNoseTearing: 0,
    giUpset: 0,
    tremor: 0,
    yawning: 2,
    anxietyIrritability: 0,
    gooseflesh: 5,
  };
  await trpcPost(nurse, 'assessments.record', {
    admissionId,
    instrument: 'COWS',
    takenAt: minutesAgo(30),
    items: cows7,
    vitals: { heartRate: 72 },
  });

  await nurse.goto('/');
  const entry = boardEntry(nurse, bed);
  await expect(nextDueOf(entry)).toContainText('every 4 h while COWS is below moderate (7, mild)', { timeout: 20_000 });
  expect(minutesUntil((await nextDueOf(entry).textContent()) ?? '')).toBeGreaterThan(180);

  // The nurse charts a COWS of 26 on the patient page, through the form.
  await entry.getByRole('link', { name }).click();
  await expect(nurse.getByRole('heading', { name: new RegExp(name) })).toBeVisible({ timeout: 20_000 });
  const next = nurse.getByTestId('next-assessment');
  await expect(next).toContainText('every 4 h while COWS is below moderate (7, mild)', { timeout: 20_000 });
  await nurse.getByRole('button', { name: 'Chart assessment' }).click();
  const form = nurse.getByRole('form', { name: 'Chart an assessment' });
  await form.getByLabel('Heart rate').fill('124');
  await form.getByLabel('Heart rate').blur();
  for (const [label, value] of COWS_26) {
    await form
      .getByRole('group', { name: new RegExp(`^${label}`) })
      .getByRole('radio', { name: new RegExp(`^${value}\\b`) })
      .check();
  }
  await expect(form.getByText('26 Moderately severe')).toBeVisible();
  await form.getByRole('button', { name: 'Save COWS' }).click();
  await expect(nurse.getByRole('table', { name: 'Assessments' }).locator('tbody tr').first()).toContainText(
    '26 Moderately severe',
    { timeout: 20_000 },
  );

  // The patient page: due within the hour, and why.
  const why = 'every hour while COWS is moderate or worse (26, moderately severe)';
  await expect(next).toContainText(why, { timeout: 20_000 });
  const onPatientPage = minutesUntil((await next.textContent()) ?? '');
  expect(onPatientPage).toBeGreaterThan(50);
  expect(onPatientPage).toBeLessThanOrEqual(60);
  await next.scrollIntoViewIfNeeded();
  await nurse.screenshot({ path: path.join(artifacts, 'reassessment-patient-1024.png') });

  // The board: the same sooner time and the same reason.
  await nurse.goto('/');
  await expect(nextDueOf(entry)).toContainText(why, { timeout: 20_000 });
  const onBoard = minutesUntil((await nextDueOf(entry).textContent()) ?? '');
  expect(onBoard).toBeGreaterThan(50);
  expect(onBoard).toBeLessThanOrEqual(60);
  await entry.scrollIntoViewIfNeeded();
  await entry.screenshot({ path: path.join(artifacts, 'reassessment-board-1024.png') });

  // The API agrees: due because of severity, not the routine 4 h.
  const row = (
    (await trpcGet(nurse, 'census.board', { unitId })) as {
      rows: { admissionId: number; dueBecause: string; dueWhy: string }[];
    }
  ).rows.find((r) => r.admissionId === admissionId);
  expect(row).toMatchObject({ dueBecause: 'severity', dueWhy: why });
});

test('the protocol page shows the reassessment schedule; a worse-band interval longer than the routine one is refused in words', async ({
  pageAs,
}) => {
  test.setTimeout(120_000);
  const physician = await pageAs('physician', '/protocol');
  const section = physician.getByRole('region', { name: 'Reassessment schedule' });
  await expect(section).toBeVisible({ timeout: 20_000 });
  await expect(section.getByLabel('Score more often from the band')).toHaveValue('moderate');
  await expect(section.getByLabel('Reassessment: Routine: every (min), below that band')).toHaveValue('240');
  await expect(section.getByLabel('Reassessment: From that band up: every (min)')).toHaveValue('60');
  await expect(section.getByLabel('Reassessment: After the first buprenorphine dose (min)')).toHaveValue('60');
  await expect(section.getByLabel('Reassessment: While a danger alert is open: every (min)')).toHaveValue('60');
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: path.join(artifacts, 'reassessment-protocol-1024.png') });

  // The server judges the change without applying it: a longer routine interval is a loosening. Checked
  // over the API against a copy, so the shared demo protocol other specs read is left as it is.
  const units = (await (await physician.request.get('/trpc/units.list')).json()).result.data as {
    id: number;
    name: string;
  }[];
  const unitId = units.find((u) => u.name === 'Detox North')?.id as number;
  const current = (await trpcGet(physician, 'protocol.get', { unitId })) as {
    protocol: { reassessment?: Record<string, unknown> };
  };
  const tooLong = {
    ...current.protocol,
    reassessment: { ...current.protocol.reassessment, routineMinutes: 240, frequentMinutes: 241 },
  };
  const refused = await physician.request.post('/trpc/protocol.update', {
    data: { unitId, protocol: tooLong, reason: 'Typing slip' },
  });
  expect(refused.status()).toBe(400);
  expect(await refused.text()).toContain('a sicker patient must be scored at least as often');
});
