import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { expect } from './sessions.js';
import { trpcGet, trpcPost } from './trpc-calls.js';

/**
 * Set-up for the offline charting specs (issue 13): a patient of their own on Detox South (whose
 * protocol no other spec changes), with a loperamide PRN order, and the nurse of that unit logged in
 * through the login page in a context of her own (so the test can cut its network).
 */
export interface OfflinePatient {
  admissionId: number;
  name: string;
  zone: string;
  orderId: number;
}

/** A score as assessments.list gives it, as far as the offline specs read it. */
export interface SavedScore {
  id: number;
  instrument: string;
  total: number;
  takenAt: string;
}

export async function admitWithLoperamide(physician: Page, label: string): Promise<OfflinePatient> {
  const units = await trpcGet<{ id: number; name: string; timeZone: string }[]>(physician, 'units.list');
  const unit = units.find((u) => u.name === 'Detox South');
  expect(unit, 'the Detox South demo unit').toBeDefined();
  const unitId = unit?.id as number;
  const board = await trpcGet<{ emptyBeds: string[] }>(physician, 'census.board', { unitId });
  const bed = board.emptyBeds[0];
  expect(bed, 'a free bed on Detox South').toBeDefined();
  const now = Date.now();
  const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
  const name = `Offline ${label} ${now}`;
  const { admissionId } = await trpcPost<{ admissionId: number }>(physician, 'admissions.admit', {
    unitId,
    bed,
    patient: { mrn: `OFF-${now}`, name, birthDate: '1979-03-14' },
    substances: [{ code: 'heroin', detail: 'smoked' }],
    weightKg: 70,
    lastUseAt: hoursAgo(20),
    admittedAt: hoursAgo(8),
  });
  const { id: orderId } = await trpcPost<{ id: number }>(physician, 'orders.create', {
    admissionId,
    drug: 'loperamide',
    doseMg: 2,
    doseMaxMg: 4,
    route: 'PO',
    kind: 'prn',
    indication: 'loose stools',
    startAt: hoursAgo(7),
  });
  return { admissionId, name, zone: unit?.timeZone as string, orderId };
}

export async function nurseSouthPage(browser: Browser, baseURL: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Username').fill('nurse-south');
  await page.getByLabel('Password').fill('demo-nurse-south');
  await page.getByRole('button', { name: 'Log in' }).click();
  // scrypt on a busy 2-core machine: the login can take a while.
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible({ timeout: 30_000 });
  return page;
}

/** A day (yyyy-mm-dd) and clock (HH:MM) on the unit's calendar for an instant, as the time fields take them. */
export function unitClock(ms: number, zone: string): { day: string; time: string; iso: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const minute = new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, iso: minute };
}

const COWS_11: [label: string, value: number][] = [
  ['Resting pulse rate', 1],
  ['Sweating', 1],
  ['Restlessness', 1],
  ['Pupil size', 1],
  ['Bone or joint aches', 1],
  ['Runny nose or tearing', 1],
  ['GI upset', 2],
  ['Tremor', 1],
  ['Yawning', 1],
  ['Anxiety or irritability', 1],
  ['Gooseflesh skin', 0],
];
export const COWS_11_TOTAL = 11;

/** Charts a COWS of 11 through the form, taken at the given unit clock time. */
export async function chartCows(page: Page, at: { day: string; time: string }) {
  await page.getByRole('button', { name: 'Chart assessment' }).click();
  const form = page.getByRole('form', { name: 'Chart an assessment' });
  for (const [label, value] of COWS_11) {
    await form
      .getByRole('group', { name: new RegExp(`^${label}`) })
      .getByRole('radio', { name: new RegExp(`^${value}\\b`) })
      .check();
  }
  await form.locator('[name="takenAtDay"]').selectOption(at.day);
  await form.locator('[name="takenAtTime"]').fill(at.time);
  await form.getByRole('button', { name: 'Save COWS' }).click();
  await expect(form).toBeHidden();
}

/** Charts a loperamide dose given, against the patient's order, at the given unit clock time. */
export async function chartLoperamide(page: Page, doseMg: number, at: { day: string; time: string }) {
  await page.getByRole('button', { name: 'Record medication' }).click();
  const form = page.getByRole('form', { name: 'Record a medication' });
  await form.getByRole('button', { name: /^Loperamide 2–4 mg PO PRN/ }).click();
  await form.getByLabel('Dose (mg)').fill(String(doseMg));
  await form.locator('[name="givenAtDay"]').selectOption(at.day);
  await form.locator('[name="givenAtTime"]').fill(at.time);
  await form.getByRole('button', { name: 'Save administration' }).click();
  await expect(form).toBeHidden();
}

/** Run in the page (the tests are compiled without the DOM library, so as text). */
const SERVICE_WORKER_READY = 'navigator.serviceWorker.ready.then(() => true)';
const keptAdmission = (admissionId: number) => `new Promise((resolve) => {
  const open = indexedDB.open('detox-offline');
  open.onerror = () => resolve(false);
  open.onsuccess = () => {
    const get = open.result.transaction('queryCache').objectStore('queryCache').get('last');
    get.onerror = () => resolve(false);
    get.onsuccess = () => {
      const queries = get.result?.state?.queries ?? [];
      resolve(queries.some((q) => JSON.stringify(q.queryKey).includes('"admissionId":${admissionId}')));
    };
  };
})`;

/** Waits until the service worker is active and this patient's page is kept for offline reading. */
export async function readyForOffline(page: Page, admissionId: number) {
  expect(await page.evaluate(SERVICE_WORKER_READY)).toBe(true);
  await expect.poll(() => page.evaluate(keptAdmission(admissionId)), { timeout: 15_000 }).toBe(true);
}
