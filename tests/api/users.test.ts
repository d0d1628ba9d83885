import { describe, expect, it } from 'vitest';
import { expectError, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';

/**
 * User management over HTTP (admin only; who may call what is in access-matrix.test.ts): adding a
 * person under the password policy, ending their sessions, deactivating them, each with its audit row.
 */

const api = useApiServer({ env: { LOG_LEVEL: 'warn' } });

const NOT_LOGGED_IN = 'You are not logged in, or your session has ended; log in again';
const LOGIN_FAILED = 'Username or password is incorrect';
// scrypt takes about 300 ms per hash on an idle machine; these tests hash a few times each.
const SLOW = 90_000;

interface UserRow {
  id: number;
  username: string;
  name: string;
  role: string;
  active: boolean;
  activeSessions: number;
  createdAt: string;
}

const userCount = () => selectAll<{ n: number }>(api.sqlitePath, 'select count(*) as n from app_user')[0]?.n;
const auditFor = (userId: number) =>
  selectAll<{ action: string; user_id: number | null; user_role: string | null; outcome: string }>(
    api.sqlitePath,
    "select action, user_id, user_role, outcome from audit_event where entity = 'user' and entity_id = ? order by id",
    userId,
  );
const openSessions = (userId: number) =>
  selectAll<{ id: string }>(api.sqlitePath, 'select id from session where user_id = ? and ended_at is null', userId)
    .length;

async function listUsers(): Promise<UserRow[]> {
  return dataOf(await api.admin.query('users.list')) as UserRow[];
}

async function createUser(
  username: string,
  password: string,
  role = 'nurse',
  name = `Test ${username}`,
): Promise<number> {
  return (dataOf(await api.admin.mutate('users.create', { username, name, role, password })) as { id: number }).id;
}

async function loggedIn(username: string, password: string): Promise<TrpcHttp> {
  const client = new TrpcHttp(api.server.url);
  await client.login(username, password);
  return client;
}

describe('users over HTTP', () => {
  it('lists every user with role, status and live sessions, and nothing of their password', async () => {
    const users = await listUsers();
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'nurse', 'physician']));
    const nurse = users.find((u) => u.username === 'nurse');
    expect(nurse).toEqual({
      id: expect.any(Number),
      username: 'nurse',
      name: 'Ana Reyes, RN',
      role: 'nurse',
      active: true,
      activeSessions: 1,
      createdAt: expect.any(String),
      deactivation: null,
      // The units she works on (Detox North) and whether failed logins hold her back now.
      unitIds: [expect.any(Number)],
      loginThrottled: false,
    });
    expect(JSON.stringify(users)).not.toMatch(/scrypt|password/i);
  });

  it(
    'adds a user who can then log in, with an audit row naming the admin',
    async () => {
      const admin = (await listUsers()).find((u) => u.username === 'admin');
      // The username is kept in lower case, as auth.login looks it up; the name is trimmed.
      const id = await createUser('  R.Nguyen ', 'lantern orchard pebble', 'nurse', ' Rosa Nguyen, RN ');
      const client = await loggedIn('r.nguyen', 'lantern orchard pebble');
      expect(dataOf(await client.query('auth.me'))).toMatchObject({
        id,
        name: 'Rosa Nguyen, RN',
        role: 'nurse',
        username: 'r.nguyen',
      });
      expect(auditFor(id)).toEqual([{ action: 'create', user_id: admin?.id, user_role: 'admin', outcome: 'success' }]);
    },
    SLOW,
  );

  it('refuses a common password with 400 on the password field, saying what to do, and adds no one', async () => {
    const before = userCount();
    const res = await api.admin.mutate('users.create', {
      username: 'weak.one',
      name: 'Weak One',
      role: 'nurse',
      password: 'Password1234',
    });
    expectError(res, {
      status: 400,
      code: 'BAD_REQUEST',
      message: /^password: this is one of the most common passwords.*choose another/,
      issues: [{ path: 'password', message: /most common passwords/ }],
    });
    expect(userCount()).toBe(before);
  });

  it('refuses a short password and a password equal to the username', async () => {
    const short = await api.admin.mutate('users.create', {
      username: 'short.one',
      name: 'Short One',
      role: 'nurse',
      password: 'tulip canoe',
    });
    expectError(short, {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'password', message: /^use at least 12 characters \(this one has 11\)/ }],
    });
    const same = await api.admin.mutate('users.create', {
      username: 'night.shift.rn',
      name: 'Night Shift',
      role: 'nurse',
      password: 'Night.Shift.RN',
    });
    expectError(same, {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'password', message: /must not be the username/ }],
    });
  });

  it(
    'refuses a username that is taken (in any case) with 409',
    async () => {
      const res = await api.admin.mutate('users.create', {
        username: 'Physician',
        name: 'Second Physician',
        role: 'physician',
        password: 'amber meadow compass',
      });
      expectError(res, {
        status: 409,
        code: 'CONFLICT',
        message: 'The username "physician" is already taken; choose another',
      });
    },
    SLOW,
  );

  it(
    'ends every session of a user: each of their browsers gets 401 at once',
    async () => {
      const id = await createUser('two.browsers', 'copper violin sunrise');
      const [first, second] = await Promise.all([
        loggedIn('two.browsers', 'copper violin sunrise'),
        loggedIn('two.browsers', 'copper violin sunrise'),
      ]);
      expect((await listUsers()).find((u) => u.id === id)?.activeSessions).toBe(2);

      expect(dataOf(await api.admin.mutate('users.endSessions', { userId: id }))).toEqual({ endedSessions: 2 });
      expectError(await first.query('auth.me'), { status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
      expectError(await second.query('units.list'), { status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
      expect(openSessions(id)).toBe(0);
      expect((await listUsers()).find((u) => u.id === id)).toMatchObject({ active: true, activeSessions: 0 });
      expect(auditFor(id).map((a) => a.action)).toEqual(['create', 'logout']);

      // Not deactivated: they can log in again.
      await loggedIn('two.browsers', 'copper violin sunrise');
    },
    SLOW,
  );

  it(
    'deactivates a user: their session ends, they cannot log in again, and the list says so',
    async () => {
      const id = await createUser('leaving.md', 'harbour thistle quartz', 'physician');
      const client = await loggedIn('leaving.md', 'harbour thistle quartz');

      const res = await api.admin.mutate('users.deactivate', { userId: id, reason: 'Left the unit on 27 November' });
      expect(dataOf(res)).toEqual({ endedSessions: 1 });
      expectError(await client.query('auth.me'), { status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
      // The same answer as a wrong password: no hint that the account exists.
      expectError(
        await new TrpcHttp(api.server.url).mutate('auth.login', {
          username: 'leaving.md',
          password: 'harbour thistle quartz',
        }),
        {
          status: 401,
          code: 'UNAUTHORIZED',
          message: LOGIN_FAILED,
        },
      );
      expect(openSessions(id)).toBe(0);
      expect((await listUsers()).find((u) => u.id === id)).toMatchObject({
        active: false,
        activeSessions: 0,
        deactivation: { by: 'Unit Admin', reason: 'Left the unit on 27 November' },
      });
      expect(auditFor(id).map((a) => a.action)).toEqual(['create', 'update']);
    },
    SLOW,
  );

  it(
    'refuses to deactivate twice, to deactivate an unknown user, without a reason, or the admin themself',
    async () => {
      const id = await createUser('twice.rn', 'marble falcon ribbon');
      dataOf(await api.admin.mutate('users.deactivate', { userId: id, reason: 'Duplicate account' }));
      expectError(await api.admin.mutate('users.deactivate', { userId: id, reason: 'Again' }), {
        status: 409,
        code: 'CONFLICT',
        message: 'Test twice.rn (twice.rn) is already deactivated',
      });
      expectError(await api.admin.mutate('users.deactivate', { userId: 999999, reason: 'No such user' }), {
        status: 404,
        code: 'NOT_FOUND',
        message: 'User 999999 does not exist',
      });
      expectError(await api.admin.mutate('users.endSessions', { userId: 999999 }), {
        status: 404,
        code: 'NOT_FOUND',
        message: 'User 999999 does not exist',
      });
      expectError(await api.admin.mutate('users.deactivate', { userId: id }), {
        status: 400,
        code: 'BAD_REQUEST',
        issues: [{ path: 'reason', message: 'say why the account is being deactivated' }],
      });
      const self = (await listUsers()).find((u) => u.username === 'admin');
      expectError(await api.admin.mutate('users.deactivate', { userId: self?.id, reason: 'Testing' }), {
        status: 409,
        code: 'CONFLICT',
        message: 'You cannot deactivate your own account; ask another admin to do it',
      });
      expect((await listUsers()).find((u) => u.username === 'admin')?.active).toBe(true);
    },
    SLOW,
  );
});
