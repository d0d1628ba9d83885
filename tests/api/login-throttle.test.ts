import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, expectError, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';

/**
 * The login throttle (docs/security.md, (d)): per username and address, growing waits after 5
 * failures; per username from anywhere, slowed (never locked) past a ceiling; a success or an admin
 * resets. The server believes X-Forwarded-For from loopback here (TRUSTED_PROXIES), so each test
 * can speak from its own address; the first wait is 1 s and the ceiling 12, to keep the file short.
 */
const api = useApiServer({
  login: ['admin'],
  env: { TRUSTED_PROXIES: 'loopback', LOGIN_FIRST_WAIT_SECONDS: '1', LOGIN_SLOW_AFTER: '12' },
});

const LOGIN_FAILED = 'Username or password is incorrect';
const waitMessage = (seconds: number) =>
  `Too many failed logins from this device; wait ${seconds === 1 ? '1 second' : `${seconds} seconds`} and try again, or log in from another device, or ask an admin to clear the lock`;

/** A client whose requests come, as the trusted proxy says, from `address`. */
function from(address: string): TrpcHttp {
  const client = new TrpcHttp(api.server.url);
  client.extraHeaders = { 'x-forwarded-for': address };
  return client;
}

const login = (address: string, username: string, password: string) =>
  from(address).mutate('auth.login', { username, password });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Each login hashes a password (scrypt, ~1 s on a busy machine) and these tests make dozens.
const SLOW = 180_000;

async function failFrom(address: string, username: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++)
    expectError(await login(address, username, `wrong-${i}`), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: LOGIN_FAILED,
    });
}

describe('failed-login throttling over HTTP', () => {
  it(
    '5 failures from one device make that device wait, with growing waits, even with the right password',
    async () => {
      await failFrom('10.0.0.1', 'nurse', 5);
      expectError(await login('10.0.0.1', 'nurse', DEMO_PASSWORDS.nurse), {
        status: 429,
        code: 'TOO_MANY_REQUESTS',
        message: waitMessage(1),
      });
      await sleep(1100);
      // The wait is over: one more wrong guess is checked and counted, and the next wait doubles.
      await failFrom('10.0.0.1', 'nurse', 1);
      expectError(await login('10.0.0.1', 'nurse', DEMO_PASSWORDS.nurse), {
        status: 429,
        code: 'TOO_MANY_REQUESTS',
        message: waitMessage(2),
      });
    },
    SLOW,
  );

  it(
    'the same nurse logs in at once from another device: a stranger cannot lock her out',
    async () => {
      expect(dataOf(await login('10.0.0.2', 'nurse', DEMO_PASSWORDS.nurse))).toMatchObject({ user: { role: 'nurse' } });
    },
    SLOW,
  );

  it(
    'every throttled attempt is stored and audited with the username tried',
    async () => {
      const rows = selectAll<{ username: string; address: string; outcome: string }>(
        api.sqlitePath,
        `select l.username, l.address, e.outcome from audit_event e join login_attempt l on l.id = e.entity_id
       where e.entity = 'login-attempt' and e.action = 'login' and l.throttled = 1 order by e.id`,
      );
      expect(rows).toEqual([
        { username: 'nurse', address: '10.0.0.1', outcome: 'denied' },
        { username: 'nurse', address: '10.0.0.1', outcome: 'denied' },
      ]);
      const failures = selectAll<{ n: number }>(
        api.sqlitePath,
        "select count(*) as n from audit_event e join login_attempt l on l.id = e.entity_id where e.entity = 'login-attempt' and e.outcome = 'failure' and l.username = 'nurse'",
      );
      expect(failures[0]?.n).toBe(6);
    },
    SLOW,
  );

  it(
    'an admin clears the lock: the device may try again at once',
    async () => {
      expect(dataOf(await api.admin.mutate('users.clearLoginLock', { username: 'nurse' }))).toEqual({ ok: true });
      expect(dataOf(await login('10.0.0.1', 'nurse', DEMO_PASSWORDS.nurse))).toMatchObject({ user: { role: 'nurse' } });
      expectError(await api.admin.mutate('users.clearLoginLock', { username: 'nobody-here' }), {
        status: 404,
        code: 'NOT_FOUND',
        message: 'No account has the username "nobody-here"',
      });
    },
    SLOW,
  );

  it(
    'a success resets the count for that device',
    async () => {
      await failFrom('10.0.0.3', 'physician', 4);
      expect(dataOf(await login('10.0.0.3', 'physician', DEMO_PASSWORDS.physician))).toMatchObject({
        user: { role: 'physician' },
      });
      // Five more failures are all checked (the four before the success no longer count).
      await failFrom('10.0.0.3', 'physician', 5);
      expectError(await login('10.0.0.3', 'physician', DEMO_PASSWORDS.physician), {
        status: 429,
        code: 'TOO_MANY_REQUESTS',
        message: waitMessage(1),
      });
    },
    SLOW,
  );

  it(
    '20 failures with other usernames from a shared address do not block a colleague behind it',
    async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => failFrom('10.0.0.4', `ghost-${i}`, 1)));
      expect(dataOf(await login('10.0.0.4', 'admin', DEMO_PASSWORDS.admin))).toMatchObject({ user: { role: 'admin' } });
    },
    SLOW,
  );

  it(
    'past the per-username ceiling, logins are slowed, never refused: the right password still gets in',
    async () => {
      // physician: 5 failures since the success above; 8 more from other devices make 13, past 12.
      for (let i = 0; i < 4; i++) await failFrom(`10.1.0.${i}`, 'physician', 2);
      const started = Date.now();
      expect(dataOf(await login('10.2.0.1', 'physician', DEMO_PASSWORDS.physician))).toMatchObject({
        user: { role: 'physician' },
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    },
    SLOW,
  );
});
