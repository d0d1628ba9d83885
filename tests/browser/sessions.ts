import { type BrowserContext, type Page, test as base, expect } from '@playwright/test';

export type DemoUser = 'nurse' | 'physician' | 'admin';
const PASSWORDS: Record<DemoUser, string> = { nurse: 'demo-nurse', physician: 'demo-physician', admin: 'demo-admin' };

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

interface Fixtures {
  /**
   * A page of a new browser context already logged in as a demo user, opened at `path`. Each call is
   * a separate context (its own cookies, its own live connection), so one test can be several people.
   */
  pageAs: (user: DemoUser, path?: string) => Promise<Page>;
  /**
   * Automatic: patients a test admits are discharged when it ends, so the beds of the shared demo
   * server stay free for the specs after it (a discharge is itself a record; nothing is deleted).
   */
  bedsFreedAfterTest: undefined;
}

/** Well inside the server's 15-minute idle limit: an older cached session is replaced by a new login. */
const SESSION_REUSE_MS = 10 * 60_000;

interface WorkerFixtures {
  /** The session cookie of each demo user, logged in once per worker over the API (scrypt is slow). */
  sessionOf: (user: DemoUser) => Promise<StorageState>;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  sessionOf: [
    async ({ playwright }, use, workerInfo) => {
      const baseURL = workerInfo.project.use.baseURL;
      const sessions = new Map<DemoUser, { state: Promise<StorageState>; at: number }>();
      const login = async (user: DemoUser): Promise<StorageState> => {
        const request = await playwright.request.newContext({ baseURL });
        try {
          const response = await request.post('/trpc/auth.login', {
            data: { username: user, password: PASSWORDS[user] },
          });
          expect(response.status(), `log in as ${user}`).toBe(200);
          return await request.storageState();
        } finally {
          await request.dispose();
        }
      };
      await use((user) => {
        let session = sessions.get(user);
        if (!session || Date.now() - session.at > SESSION_REUSE_MS) {
          session = { state: login(user), at: Date.now() };
          sessions.set(user, session);
        }
        return session.state;
      });
    },
    { scope: 'worker' },
  ],

  bedsFreedAfterTest: [
    async ({ playwright, baseURL, sessionOf }, use) => {
      const request = await playwright.request.newContext({ baseURL, storageState: await sessionOf('physician') });
      const openAdmissions = async (): Promise<number[]> => {
        const ids: number[] = [];
        const units = await request.get('/trpc/units.list');
        for (const unit of ((await units.json()).result?.data ?? []) as { id: number }[]) {
          const list = await request.get(
            `/trpc/admissions.list?input=${encodeURIComponent(JSON.stringify({ unitId: unit.id }))}`,
          );
          const admissions = ((await list.json()).result?.data ?? []) as { id: number; dischargedAt: string | null }[];
          ids.push(...admissions.filter((a) => a.dischargedAt === null).map((a) => a.id));
        }
        return ids;
      };
      const before = new Set(await openAdmissions());
      await use(undefined);
      for (const admissionId of await openAdmissions()) {
        if (before.has(admissionId)) continue;
        const response = await request.post('/trpc/admissions.discharge', {
          data: { admissionId, dischargedAt: new Date().toISOString() },
        });
        expect(response.status(), `discharge admission ${admissionId} after the test: ${await response.text()}`).toBe(
          200,
        );
      }
      await request.dispose();
    },
    { auto: true },
  ],

  pageAs: async ({ browser, baseURL, viewport, sessionOf }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (user, path = '/') => {
      const context = await browser.newContext({ baseURL, viewport, storageState: await sessionOf(user) });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(path);
      await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
      return page;
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };
