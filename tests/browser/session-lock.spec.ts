import path from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { logIn } from './login.js';

/** Starts a medication entry that is not saved yet: what the lock must not lose. */
async function startLoperamideEntry(page: Page) {
  await page.getByRole('link', { name: 'Robert Mills' }).click();
  await page.getByRole('button', { name: 'Record medication' }).click();
  const form = page.getByRole('form', { name: 'Record a medication' });
  // Every dose is charted against its order: the loperamide PRN of the unit's order set.
  await form.getByRole('button', { name: /^Loperamide 2–4 mg PO PRN/ }).click();
  await form.getByRole('button', { name: '2 mg' }).click();
  await form.getByRole('radio', { name: 'Held' }).check();
  await form.getByLabel('Why was it held?').fill('No loose stools overnight');
  return form;
}

test('after the idle limit the screen locks, the server session ends, and the password brings back the unsaved form', async ({
  page,
}) => {
  // A fake clock lets 15 idle minutes pass in a moment; the server's idle limit is the deployment default.
  await page.clock.install();
  await logIn(page, 'nurse', 'demo-nurse');
  const form = await startLoperamideEntry(page);

  const loggedOut = page.waitForResponse((r) => r.url().includes('/trpc/auth.logout'));
  await page.clock.fastForward('15:05');
  const lock = page.getByRole('dialog', { name: 'Locked' });
  await expect(lock).toBeVisible();
  expect((await loggedOut).status()).toBe(200);
  // The page underneath is hidden from sight and from assistive technology while locked.
  await expect(page.getByRole('heading', { name: /Robert Mills/ })).toBeHidden();
  await page.screenshot({ path: path.resolve(import.meta.dirname, '../artifacts/screenshots/lock-screen.png') });

  // The session is over on the server, not only on the screen.
  const me = await page.request.get('/trpc/auth.me');
  expect(me.status()).toBe(401);

  await lock.getByLabel('Password for nurse').fill('wrong password here');
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock.getByRole('alert')).toBeVisible();
  await lock.getByLabel('Password for nurse').fill('demo-nurse');
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock).toBeHidden();

  await expect(form.getByLabel('Why was it held?')).toHaveValue('No loose stools overnight');
  await form.getByRole('button', { name: 'Save administration' }).click();
  const table = page.getByRole('table', { name: 'Medication administrations' });
  await expect(table.locator('tbody tr').first()).toContainText('No loose stools overnight');
});

test('a session ended elsewhere locks the page at the next save instead of losing the entry', async ({
  page,
  playwright,
  baseURL,
}) => {
  await logIn(page, 'nurse', 'demo-nurse');
  const form = await startLoperamideEntry(page);

  // End this browser's session on the server from outside (as expiry or an admin would).
  const cookies = await page.context().cookies();
  const outside = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: {
      cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'content-type': 'application/json',
    },
  });
  expect((await outside.post('/trpc/auth.logout', { data: {} })).status()).toBe(200);
  await outside.dispose();

  // A background request (a refetch, the live stream) may meet the ended session first and lock the
  // page before the click; then the Save button is inert and the click cannot land. Either order must
  // end in the lock with the entry kept, so a click that cannot land is not a failure here.
  const lock = page.getByRole('dialog', { name: 'Locked' });
  if (!(await lock.isVisible())) {
    await form
      .getByRole('button', { name: 'Save administration' })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
  }
  await expect(lock).toBeVisible();
  await lock.getByLabel('Password for nurse').fill('demo-nurse');
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock).toBeHidden();
  await expect(form.getByLabel('Why was it held?')).toHaveValue('No loose stools overnight');
  await form.getByRole('button', { name: 'Save administration' }).click();
  await expect(
    page.getByRole('table', { name: 'Medication administrations' }).locator('tbody tr').first(),
  ).toContainText('No loose stools overnight');
});
