import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, expectError, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';

// A server of its own: the concurrent guesses below leave 'physician' throttled from 127.0.0.1.
const api = useApiServer({ login: ['nurse'] });

const BATCH_WITH_LOGIN = 'Logging in and out cannot be part of a batch; send auth.login or auth.logout on its own';
const BATCH_TOO_LARGE = 'A batch holds at most 20 calls; send the rest in another request';

const count = (sql: string) => selectAll<{ n: number }>(api.sqlitePath, sql)[0]?.n ?? -1;

/** POST /trpc/a,b,c?batch=1 with one input per call, as httpBatchLink sends it. */
async function batch(client: TrpcHttp, names: string[], inputs: unknown[]) {
  const body = JSON.stringify(Object.fromEntries(inputs.map((input, i) => [String(i), input])));
  return client.request('POST', `/trpc/${names.join(',')}?batch=1`, body);
}

describe('tRPC batching cannot get around the login throttle', () => {
  it('a batch of 7 wrong passwords and the right one is refused whole: no session, no attempt checked', async () => {
    const attemptsBefore = count('select count(*) as n from login_attempt');
    const sessionsBefore = count('select count(*) as n from session');
    const guesses = [
      ...Array.from({ length: 7 }, (_, i) => ({ username: 'admin', password: `wrong-${i}` })),
      { username: 'admin', password: DEMO_PASSWORDS.admin },
    ];
    const client = new TrpcHttp(api.server.url);
    const res = await batch(
      client,
      guesses.map(() => 'auth.login'),
      guesses,
    );
    expectError(res, { status: 400, code: 'BAD_REQUEST', message: BATCH_WITH_LOGIN });
    expect(client.cookie).toBeNull();
    expect(count('select count(*) as n from login_attempt')).toBe(attemptsBefore);
    expect(count('select count(*) as n from session')).toBe(sessionsBefore);
  });

  it('a login hidden among other calls, and a logout in a batch, are refused too', async () => {
    expectError(await batch(api.nurse, ['auth.me', 'auth.login'], [undefined, { username: 'admin', password: 'x' }]), {
      status: 400,
      code: 'BAD_REQUEST',
      message: BATCH_WITH_LOGIN,
    });
    expectError(await batch(api.nurse, ['auth.me', 'auth.logout'], [undefined, undefined]), {
      status: 400,
      code: 'BAD_REQUEST',
      message: BATCH_WITH_LOGIN,
    });
    // The nurse is still logged in: the logout never ran.
    expect(dataOf(await api.nurse.query('auth.me'))).toMatchObject({ username: 'nurse' });
  });

  it('other batches hold at most 20 calls', async () => {
    const ok = await api.nurse.request('GET', `/trpc/${Array(20).fill('auth.me').join(',')}?batch=1`);
    expect(ok.status).toBe(200);
    expect(ok.body).toHaveLength(20);
    const tooMany = await api.nurse.request('GET', `/trpc/${Array(21).fill('auth.me').join(',')}?batch=1`);
    expectError(tooMany, { status: 400, code: 'BAD_REQUEST', message: BATCH_TOO_LARGE });
  });

  it('concurrent wrong guesses for one username are counted one by one: after 5, the rest are throttled unchecked', async () => {
    const results = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        new TrpcHttp(api.server.url).mutate('auth.login', { username: 'physician', password: `guess-${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429]);
    expect(
      count("select count(*) as n from login_attempt where username = 'physician' and succeeded = 0 and throttled = 0"),
    ).toBe(5);
    expect(count("select count(*) as n from login_attempt where username = 'physician' and throttled = 1")).toBe(4);
    // Even the right password now waits, from this device.
    const right = await new TrpcHttp(api.server.url).mutate('auth.login', {
      username: 'physician',
      password: DEMO_PASSWORDS.physician,
    });
    expectError(right, {
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      message: /^Too many failed logins from this device; wait \d+ seconds/,
    });
  }, 180_000);
});
