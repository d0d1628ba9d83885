import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, expectError, useApiServer } from '../support/api.js';
import { openStream } from '../support/event-stream.js';
import { selectAll } from '../support/sqlite-counts.js';
import { SESSION_COOKIE, TrpcHttp, dataOf } from '../support/trpc-http.js';

/**
 * Sessions end everywhere at once (issue 11, items 5, 6, 10): live event streams close at logout,
 * deactivation and idle expiry; one session resolver answers a malformed cookie with 401 on every
 * path; activity is counted finely enough for a 1-minute idle limit; a user holds at most 2 sessions.
 */
const api = useApiServer({ login: [], env: { SESSION_IDLE_MINUTES: '1', SESSION_MAX_PER_USER: '2' } });

async function loggedIn(username: string, password: string): Promise<TrpcHttp> {
  const client = new TrpcHttp(api.server.url);
  await client.login(username, password);
  return client;
}

const SESSION_ENDED = 'Your session has ended; log in again to keep receiving live updates';

describe('live event streams end with the session', () => {
  it('is sent with Cache-Control: no-store, and closes at once when the session logs out', async () => {
    const nurse = await loggedIn('nurse', DEMO_PASSWORDS.nurse);
    const stream = await openStream(nurse, api.unitId);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(stream.headers.get('cache-control')).toBe('no-store');
    // Still open after a moment: it is the logout that ends it.
    expect((await stream.ended(300)).timedOut).toBe(true);
    const started = Date.now();
    dataOf(await nurse.mutate('auth.logout'));
    const end = await stream.ended(4_000);
    expect(end.timedOut).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(end.text).toContain(SESSION_ENDED);
  });

  it('closes when an admin deactivates the user', async () => {
    // Shared sessions idle out during the idle test below; this one is fresh.
    const admin = await loggedIn('admin', DEMO_PASSWORDS.admin);
    dataOf(
      await admin.mutate('users.create', {
        username: 'float-nurse',
        name: 'Float Nurse, RN',
        role: 'nurse',
        password: 'violet harbour lantern',
      }),
    );
    const userId =
      selectAll<{ id: number }>(api.sqlitePath, "select id from app_user where username = 'float-nurse'")[0]?.id ?? 0;
    dataOf(await admin.mutate('users.setUnits', { userId, unitIds: [api.unitId] }));
    const float = await loggedIn('float-nurse', 'violet harbour lantern');
    const stream = await openStream(float, api.unitId);
    expect((await stream.ended(300)).timedOut).toBe(true);
    dataOf(await admin.mutate('users.deactivate', { userId, reason: 'Contract ended' }));
    const end = await stream.ended(4_000);
    expect(end.timedOut).toBe(false);
    expect(end.text).toContain(SESSION_ENDED);
  });

  it('closes when the session idles out, though the stream itself stays open (an open screen is not activity)', async () => {
    const physician = await loggedIn('physician', DEMO_PASSWORDS.physician);
    const stream = await openStream(physician, api.unitId);
    const end = await stream.ended(75_000);
    expect(end.timedOut).toBe(false);
    expect(end.text).toContain(SESSION_ENDED);
    expectError(await physician.query('auth.me'), { status: 401, code: 'UNAUTHORIZED' });
  }, 150_000);
});

describe('one session resolver', () => {
  const BAD_COOKIE = `${SESSION_COOKIE}=%E0%A4%A`;

  it('a malformed cookie is 401 on tRPC, on downloads and on the stream, in one error shape', async () => {
    const me = await fetch(`${api.server.url}/trpc/auth.me`, { headers: { cookie: BAD_COOKIE } });
    expect(me.status).toBe(401);
    const meBody = (await me.json()) as {
      error: { code: number; message: string; data: { code: string; httpStatus: number } };
    };
    const download = await fetch(`${api.server.url}/reports/shift.csv?unitId=${api.unitId}`, {
      headers: { cookie: BAD_COOKIE },
    });
    expect(download.status).toBe(401);
    const downloadBody = (await download.json()) as typeof meBody;
    expect(downloadBody.error).toMatchObject({
      code: meBody.error.code,
      message: meBody.error.message,
      data: { code: 'UNAUTHORIZED', httpStatus: 401 },
    });
    const stream = await fetch(
      `${api.server.url}/trpc/events.unit?input=${encodeURIComponent(JSON.stringify({ unitId: api.unitId }))}`,
      {
        headers: { cookie: BAD_COOKIE, accept: 'text/event-stream' },
      },
    );
    const text = await stream.text();
    expect(text).toMatch(/"httpStatus":401/);
  });

  it('a login with a malformed cookie still works', async () => {
    const res = await fetch(`${api.server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { cookie: BAD_COOKIE, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nurse', password: DEMO_PASSWORDS.nurse }),
    });
    expect(res.status).toBe(200);
  });

  it('a download refused for a bad query answers in tRPC’s shape', async () => {
    // A fresh session: the idle test above outlasted the shared ones.
    const physician = await loggedIn('physician', DEMO_PASSWORDS.physician);
    const res = await fetch(`${api.server.url}/exports/fhir?admissionId=abc`, {
      headers: { cookie: `${SESSION_COOKIE}=${physician.cookie}` },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: number; message: string; data: { code: string; issues: { path: string }[] } };
    };
    expect(body.error).toMatchObject({
      code: -32600,
      data: { code: 'BAD_REQUEST', issues: [expect.objectContaining({ path: 'admissionId' })] },
    });
  });
});

describe('session limits', () => {
  let nurse: TrpcHttp;
  beforeAll(async () => {
    nurse = await loggedIn('nurse', DEMO_PASSWORDS.nurse);
  });

  it('with a 1-minute idle limit, a request a few seconds later counts as activity', async () => {
    const lastSeen = () =>
      selectAll<{ last_seen_at: string }>(
        api.sqlitePath,
        'select last_seen_at from session where ended_at is null and user_id = (select id from app_user where username = ?) order by created_at desc limit 1',
        'nurse',
      )[0]?.last_seen_at ?? '';
    const first = lastSeen();
    await new Promise((r) => setTimeout(r, 4_000));
    dataOf(await nurse.query('auth.me'));
    expect(Date.parse(lastSeen()) - Date.parse(first)).toBeGreaterThanOrEqual(3_000);
  });

  it('a third login of the same user ends the oldest of their sessions', async () => {
    const second = await loggedIn('nurse', DEMO_PASSWORDS.nurse);
    dataOf(await nurse.query('auth.me'));
    const third = await loggedIn('nurse', DEMO_PASSWORDS.nurse);
    expectError(await nurse.query('auth.me'), { status: 401, code: 'UNAUTHORIZED' });
    dataOf(await second.query('auth.me'));
    dataOf(await third.query('auth.me'));
  });
});
