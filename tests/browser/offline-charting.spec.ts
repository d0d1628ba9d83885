import { expect, test } from './sessions.js';
import {
  COWS_11_TOTAL,
  type SavedScore,
  admitWithLoperamide,
  chartCows,
  chartLoperamide,
  nurseSouthPage,
  readyForOffline,
  unitClock,
} from './offline-helpers.js';
import { trpcGet, trpcPost } from './trpc-calls.js';

/**
 * Issue 13: bedside charting that survives the Wi-Fi. The nurse's browser context is cut off the
 * network (context.setOffline), she charts, reloads, and the entries reach the record once, with the
 * times she charted, when the network is back.
 */
test.describe.configure({ timeout: 120_000 });

interface Dose {
  id: number;
  drug: string;
  doseMg: number;
  givenAt: string;
  status: string;
  givenOffline?: boolean;
}

test('a COWS and a dose charted offline survive a reload and are saved once, with their charted times', async ({
  browser,
  baseURL,
  pageAs,
}, testInfo) => {
  const physician = await pageAs('physician', '/');
  const patient = await admitWithLoperamide(physician, 'charting');
  const nurse = await nurseSouthPage(browser, baseURL as string);
  await nurse.goto(`/admissions/${patient.admissionId}`);
  await expect(nurse.getByRole('heading', { name: new RegExp(patient.name) })).toBeVisible();
  // The order list is read once online, as on a ward round, so the dose form has it offline.
  await expect(nurse.getByText(/Loperamide 2–4 mg PO PRN/).first()).toBeVisible();
  await readyForOffline(nurse, patient.admissionId);

  const context = nurse.context();
  await context.setOffline(true);
  const banner = nurse.getByTestId('outbox-banner-text');
  await expect(banner).toHaveText('Offline');

  // Charted 25 and 20 minutes ago: the record must keep these times, not the time of sending.
  const scoreAt = unitClock(Date.now() - 25 * 60_000, patient.zone);
  const doseAt = unitClock(Date.now() - 20 * 60_000, patient.zone);
  await chartCows(nurse, scoreAt);
  await expect(banner).toHaveText('Offline — 1 entry waiting');
  await chartLoperamide(nurse, 2, doseAt);
  await expect(banner).toHaveText('Offline — 2 entries waiting');
  const pending = nurse.getByTestId('pending-entries');
  await expect(pending.getByTestId('pending-entry')).toHaveCount(2);
  await expect(pending).toContainText(`COWS ${COWS_11_TOTAL} (mild)`);
  await expect(pending).toContainText('Loperamide 2 mg PO given');
  await expect(pending.getByText('Pending: not sent')).toHaveCount(2);
  // Not in the saved records: the tables hold only what the server has.
  await expect(nurse.getByRole('table', { name: 'Assessments' })).toHaveCount(0);
  await nurse.screenshot({ path: testInfo.outputPath('offline-pending-1280.png'), fullPage: true });

  // A reload without a network: the app shell comes from the service worker, the page from the last
  // data read (stamped), the waiting entries from IndexedDB.
  await nurse.reload();
  await expect(nurse.getByRole('heading', { name: new RegExp(patient.name) })).toBeVisible({ timeout: 30_000 });
  await expect(nurse.getByTestId('as-of')).toContainText(/Offline: as of \d\d:\d\d/);
  await expect(banner).toHaveText('Offline — 2 entries waiting');
  await expect(nurse.getByTestId('pending-entry')).toHaveCount(2);
  for (const width of [390, 768, 1440]) {
    await nurse.setViewportSize({ width, height: 900 });
    await nurse.screenshot({ path: testInfo.outputPath(`offline-reloaded-${width}.png`), fullPage: true });
  }
  await nurse.setViewportSize({ width: 1280, height: 900 });

  await context.setOffline(false);
  await expect(nurse.getByTestId('pending-entries')).toBeHidden({ timeout: 45_000 });
  await expect(banner).toBeHidden();

  const scores = await trpcGet<SavedScore[]>(physician, 'assessments.list', { admissionId: patient.admissionId });
  expect(scores).toHaveLength(1);
  expect(scores[0]).toMatchObject({ instrument: 'COWS', total: COWS_11_TOTAL });
  expect(Date.parse(scores[0]?.takenAt as string)).toBe(Date.parse(scoreAt.iso));
  const doses = await trpcGet<Dose[]>(physician, 'medications.list', { admissionId: patient.admissionId });
  expect(doses).toHaveLength(1);
  expect(doses[0]).toMatchObject({ drug: 'loperamide', doseMg: 2, status: 'given' });
  expect(Date.parse(doses[0]?.givenAt as string)).toBe(Date.parse(doseAt.iso));
  // The saved rows now show in the record.
  await expect(nurse.getByRole('table', { name: 'Assessments' }).locator('tbody tr')).toHaveCount(1);
  await nurse.context().close();
});

test('a dose given offline that breaks the loperamide daily maximum arrives flagged, with an alert for the physician', async ({
  browser,
  baseURL,
  pageAs,
}, testInfo) => {
  const physician = await pageAs('physician', '/');
  const patient = await admitWithLoperamide(physician, 'maximum');
  const nurse = await nurseSouthPage(browser, baseURL as string);
  // 16 mg in the last 24 h: the unit's hard stop for loperamide (docs/clinical.md §6.5).
  for (const hours of [4, 3, 2, 1]) {
    await trpcPost(nurse, 'medications.record', {
      admissionId: patient.admissionId,
      orderId: patient.orderId,
      drug: 'loperamide',
      doseMg: 4,
      route: 'PO',
      status: 'given',
      givenAt: new Date(Date.now() - hours * 3_600_000).toISOString(),
      indication: 'loose stools',
    });
  }
  const alertsBefore = await trpcGet<{ code: string }[]>(physician, 'alerts.list', {
    admissionId: patient.admissionId,
  });
  await nurse.goto(`/admissions/${patient.admissionId}`);
  await expect(nurse.getByText(/Loperamide 2–4 mg PO PRN/).first()).toBeVisible();
  await readyForOffline(nurse, patient.admissionId);

  await nurse.context().setOffline(true);
  const givenAt = unitClock(Date.now() - 5 * 60_000, patient.zone);
  // The safety preview runs on the tablet from the shared rules, says so, and does not block a dose given.
  await nurse.getByRole('button', { name: 'Record medication' }).click();
  const form = nurse.getByRole('form', { name: 'Record a medication' });
  await form.getByRole('button', { name: /^Loperamide 2–4 mg PO PRN/ }).click();
  await form.getByLabel('Dose (mg)').fill('2');
  await form.locator('[name="givenAtDay"]').selectOption(givenAt.day);
  await form.locator('[name="givenAtTime"]').fill(givenAt.time);
  const offlineCheck = form.getByTestId('offline-dose-check');
  await expect(offlineCheck).toContainText(/Offline: checked on this tablet .* as of \d\d:\d\d/);
  await expect(offlineCheck).toContainText('marked "given offline" and the physician is alerted');
  await expect(form).toContainText(/16 mg/);
  await nurse.screenshot({ path: testInfo.outputPath('offline-dose-check-1280.png'), fullPage: true });
  await form.getByRole('button', { name: 'Save administration' }).click();
  await expect(form).toBeHidden();
  await expect(nurse.getByTestId('outbox-banner-text')).toHaveText('Offline — 1 entry waiting');
  await nurse.context().setOffline(false);
  await expect(nurse.getByTestId('pending-entries')).toBeHidden({ timeout: 45_000 });

  const doses = await trpcGet<Dose[]>(physician, 'medications.list', { admissionId: patient.admissionId });
  const offline = doses.filter((d) => Date.parse(d.givenAt) === Date.parse(givenAt.iso));
  expect(offline).toHaveLength(1);
  expect(offline[0]).toMatchObject({ doseMg: 2, status: 'given', givenOffline: true });
  const alerts = await trpcGet<{ code: string; message: string }[]>(physician, 'alerts.list', {
    admissionId: patient.admissionId,
  });
  expect(alerts.length).toBe(alertsBefore.length + 1);
  expect(alerts.filter((a) => a.code === 'offline-dose-check')).toHaveLength(1);
  await nurse.context().close();
});

test('a replay cut off half-way (the answer lost after the server saved it) resumes without duplicates', async ({
  browser,
  baseURL,
  pageAs,
}) => {
  const physician = await pageAs('physician', '/');
  const patient = await admitWithLoperamide(physician, 'replay');
  // Routing needs requests the page itself makes: no service worker in this context (no reload here).
  const nurse = await nurseSouthPage(browser, baseURL as string, { serviceWorkers: 'block' });
  await nurse.goto(`/admissions/${patient.admissionId}`);
  await expect(nurse.getByText(/Loperamide 2–4 mg PO PRN/).first()).toBeVisible();

  const context = nurse.context();
  await context.setOffline(true);
  const scoreAt = unitClock(Date.now() - 15 * 60_000, patient.zone);
  const doseAt = unitClock(Date.now() - 10 * 60_000, patient.zone);
  await chartCows(nurse, scoreAt);
  await chartLoperamide(nurse, 2, doseAt);
  await expect(nurse.getByTestId('outbox-banner-text')).toHaveText('Offline — 2 entries waiting');

  // The second write of the replay reaches the server and is saved, but its answer never arrives.
  const writes: string[] = [];
  let cut = false;
  await context.route(/\/trpc\/(assessments|medications)\.record/, async (route) => {
    writes.push(new URL(route.request().url()).pathname);
    if (writes.length === 2 && !cut) {
      cut = true;
      await route.fetch();
      await route.abort('connectionreset');
      return;
    }
    await route.continue();
  });
  await context.setOffline(false);
  await expect(nurse.getByTestId('pending-entries')).toBeHidden({ timeout: 60_000 });
  expect(cut).toBe(true);
  expect(writes.length).toBeGreaterThanOrEqual(3);

  const scores = await trpcGet<SavedScore[]>(physician, 'assessments.list', { admissionId: patient.admissionId });
  expect(scores).toHaveLength(1);
  expect(Date.parse(scores[0]?.takenAt as string)).toBe(Date.parse(scoreAt.iso));
  const doses = await trpcGet<Dose[]>(physician, 'medications.list', { admissionId: patient.admissionId });
  expect(doses).toHaveLength(1);
  expect(Date.parse(doses[0]?.givenAt as string)).toBe(Date.parse(doseAt.iso));
  await context.close();
});

test('entries wait for the nurse who charted them: not sent under another user, sent after she unlocks', async ({
  browser,
  baseURL,
  pageAs,
}, testInfo) => {
  const physician = await pageAs('physician', '/');
  const patient = await admitWithLoperamide(physician, 'sessions');
  const nurse = await nurseSouthPage(browser, baseURL as string, { serviceWorkers: 'block' });
  const context = nurse.context();
  await nurse.goto(`/admissions/${patient.admissionId}`);
  await expect(nurse.getByRole('heading', { name: new RegExp(patient.name) })).toBeVisible();
  const nurseName = (await trpcGet<{ name: string }>(nurse, 'auth.me')).name;

  // The server cannot be reached for writes (a gateway answering 503): the COWS waits on the tablet,
  // which takes the server for lost until its next probe (every 10 s) gets an answer.
  const writes = /\/trpc\/(assessments|medications)\.(record|correct)/;
  await context.route(writes, (route) => route.fulfill({ status: 503, body: 'Service Unavailable' }));
  const scoreAt = unitClock(Date.now() - 10 * 60_000, patient.zone);
  await chartCows(nurse, scoreAt);
  const banner = nurse.getByTestId('outbox-banner-text');
  await expect(banner).toHaveText('Offline — 1 entry waiting');

  // She logs out (a logout goes out even then); the physician logs in on the same tablet, with the
  // network back: nothing is sent.
  await nurse.getByRole('button', { name: 'Log out' }).click();
  await expect(banner).toHaveText(`1 entry waiting for ${nurseName} (sent when ${nurseName} logs in)`, {
    timeout: 30_000,
  });
  await context.unroute(writes);
  let sent = 0;
  await context.route(writes, (route) => {
    sent += 1;
    return route.continue();
  });
  await nurse.getByLabel('Username').fill('physician');
  await nurse.getByLabel('Password').fill('demo-physician');
  await nurse.getByRole('button', { name: 'Log in' }).click();
  await expect(nurse.getByRole('button', { name: 'Log out' })).toBeVisible({ timeout: 30_000 });
  await expect(banner).toHaveText(`1 entry waiting for ${nurseName} (sent when ${nurseName} logs in)`);
  await nurse.screenshot({ path: testInfo.outputPath('waiting-for-nurse-1280.png') });
  await nurse.waitForTimeout(2_000);
  expect(sent).toBe(0);
  expect(await trpcGet<SavedScore[]>(physician, 'assessments.list', { admissionId: patient.admissionId })).toHaveLength(
    0,
  );
  // Logged out from the board itself: the login page replaces it at once.
  await nurse.getByRole('button', { name: 'Log out' }).click();
  await expect(nurse.getByLabel('Username')).toBeVisible();

  // The nurse again: her session then ends on the server (idle), the replay meets a 401 and locks the
  // screen; her password unlocks it and the COWS goes under her name, with the time she charted.
  await context.route(writes, (route) => route.fulfill({ status: 503, body: 'Service Unavailable' }));
  await nurse.getByLabel('Username').fill('nurse-south');
  await nurse.getByLabel('Password').fill('demo-nurse-south');
  await nurse.getByRole('button', { name: 'Log in' }).click();
  await expect(nurse.getByRole('button', { name: 'Log out' })).toBeVisible({ timeout: 30_000 });
  await expect(banner).toHaveText('1 entry waiting to be sent');
  expect((await nurse.request.post('/trpc/auth.logout', { data: {} })).status()).toBe(200);
  await context.unroute(writes);
  await expect(nurse.getByRole('heading', { name: 'Locked' })).toBeVisible({ timeout: 45_000 });
  expect(await trpcGet<SavedScore[]>(physician, 'assessments.list', { admissionId: patient.admissionId })).toHaveLength(
    0,
  );
  await nurse.getByLabel('Password for nurse-south').fill('demo-nurse-south');
  await nurse.getByRole('button', { name: 'Unlock' }).click();
  await expect(banner).toBeHidden({ timeout: 45_000 });
  const scores = await trpcGet<(SavedScore & { recordedBy: { name: string } })[]>(physician, 'assessments.list', {
    admissionId: patient.admissionId,
  });
  expect(scores).toHaveLength(1);
  expect(scores[0]?.recordedBy.name).toBe(nurseName);
  expect(Date.parse(scores[0]?.takenAt as string)).toBe(Date.parse(scoreAt.iso));
  await context.close();
});
