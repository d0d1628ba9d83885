import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectError, expectNothingWritten, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { SESSION_COOKIE, TrpcHttp, dataOf } from '../support/trpc-http.js';

const api = useApiServer({ login: [] });

const NOT_LOGGED_IN = 'You are not logged in, or your session has ended; log in again';
const LOGIN_FAILED = 'Username or password is incorrect';

describe('auth over HTTP', () => {
  it('logs in: returns the user and sets an HttpOnly, SameSite=Strict session cookie whose token is stored only as a hash', async () => {
    const client = new TrpcHttp(api.server.url);
    const res = await client.mutate('auth.login', { username: 'nurse', password: 'demo-nurse' });
    expect(res.status).toBe(200);
    const user = dataOf(res);
    expect(user).toEqual({ user: { id: expect.any(Number), name: 'Ana Reyes, RN', role: 'nurse' } });

    expect(client.lastSetCookies).toHaveLength(1);
    const [pair = '', ...attributes] = (client.lastSetCookies[0] ?? '').split(';').map((s) => s.trim());
    const token = pair.slice(`${SESSION_COOKIE}=`.length);
    expect(pair.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(attributes).toContain('HttpOnly');
    expect(attributes).toContain('SameSite=Strict');
    expect(attributes).toContain('Path=/');
    expect(attributes).not.toContain('Secure'); // COOKIE_SECURE is off on plain HTTP

    const sessions = selectAll<{ id: string }>(api.sqlitePath, 'select id from session where ended_at is null');
    expect(sessions.map((s) => s.id)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(sessions.map((s) => s.id)).not.toContain(token);

    const me = await client.query('auth.me');
    expect(dataOf(me)).toEqual({
      id: (user as { user: { id: number } }).user.id,
      name: 'Ana Reyes, RN',
      role: 'nurse',
      username: 'nurse',
      sessionIdleMinutes: 15,
      unitIds: [expect.any(Number)],
    });
  });

  it("answers the session with null to nobody, and logged in with what auth.me and units.list answer (the first load's one question)", async () => {
    const nobody = await api.anonymous.query('auth.session');
    expect(nobody.status).toBe(200);
    expect(dataOf(nobody)).toBeNull();

    for (const [username, password] of [
      ['nurse', 'demo-nurse'],
      ['admin', 'demo-admin'],
    ] as const) {
      const client = new TrpcHttp(api.server.url);
      await client.login(username, password);
      const session = dataOf(await client.query('auth.session'));
      const me = dataOf(await client.query('auth.me'));
      const units = dataOf(await client.query('units.list'));
      expect(session).toEqual({ ...(me as object), units });
      // A nurse sees her own unit only; an admin sees every unit (to assign people to them).
      expect((units as unknown[]).length).toBe(username === 'admin' ? 2 : 1);
    }
  });

  it('accepts the username in any case and with spaces around it', async () => {
    const client = new TrpcHttp(api.server.url);
    const res = await client.mutate('auth.login', { username: '  Physician ', password: 'demo-physician' });
    expect(dataOf(res)).toEqual({ user: { id: expect.any(Number), name: 'Dr. Ben Carter', role: 'physician' } });
  });

  it('refuses a wrong password with 401 and a message that does not say which part was wrong, setting no cookie', async () => {
    const client = new TrpcHttp(api.server.url);
    const res = await expectNothingWritten(api, () =>
      client.mutate('auth.login', { username: 'nurse', password: 'not-the-password' }),
    );
    expectError(res, { status: 401, code: 'UNAUTHORIZED', message: LOGIN_FAILED });
    expect(client.lastSetCookies).toEqual([]);
    expect(client.cookie).toBeNull();
    expectError(await client.query('auth.me'), { status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
  });

  it('gives an unknown username exactly the same answer as a wrong password', async () => {
    const client = new TrpcHttp(api.server.url);
    const res = await expectNothingWritten(api, () =>
      client.mutate('auth.login', { username: 'nobody-here', password: 'demo-nurse' }),
    );
    expectError(res, { status: 401, code: 'UNAUTHORIZED', message: LOGIN_FAILED });
    expect(client.lastSetCookies).toEqual([]);
  });

  it('refuses a login without a password as a schema failure (400) with the issue', async () => {
    const res = await new TrpcHttp(api.server.url).mutate('auth.login', { username: 'nurse' });
    expectError(res, {
      status: 400,
      code: 'BAD_REQUEST',
      message: 'password: enter your password',
      issues: [{ path: 'password', message: 'enter your password' }],
    });
  });

  it('answers me without a cookie, or with a made-up one, with 401', async () => {
    expectError(await api.anonymous.query('auth.me'), { status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
    const forged = new TrpcHttp(api.server.url);
    forged.cookie = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expectError(await forged.query('auth.me'), { status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
    expectError(await api.anonymous.query('units.list'), { status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
  });

  it('gives a new session id at every login and ends the one the browser held before', async () => {
    const client = new TrpcHttp(api.server.url);
    await client.login('physician', 'demo-physician');
    const first = client.cookie;
    const stale = new TrpcHttp(api.server.url);
    stale.cookie = first;
    await client.login('physician', 'demo-physician');
    expect(client.cookie).not.toBeNull();
    expect(client.cookie).not.toEqual(first);
    expect(dataOf(await client.query('auth.me'))).toMatchObject({ role: 'physician' });
    expectError(await stale.query('auth.me'), { status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
  });

  it('logs out: clears the cookie, ends the session in the database, and the old cookie no longer works', async () => {
    const client = new TrpcHttp(api.server.url);
    await client.login('admin', 'demo-admin');
    const token = client.cookie;
    expect(token).not.toBeNull();
    expect(dataOf(await client.query('auth.me'))).toMatchObject({ role: 'admin' });

    const res = await client.mutate('auth.logout');
    expect(dataOf(res)).toEqual({ ok: true });
    expect(client.lastSetCookies).toHaveLength(1);
    expect(client.lastSetCookies[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect(client.lastSetCookies[0]).toContain('Max-Age=0');
    expect(client.cookie).toBeNull();

    const ended = selectAll<{ ended_at: string | null }>(
      api.sqlitePath,
      'select ended_at from session where id = ?',
      createHash('sha256')
        .update(token ?? '')
        .digest('hex'),
    );
    expect(ended).toHaveLength(1);
    expect(ended[0]?.ended_at).toEqual(expect.any(String));

    // A copy of the old cookie (another tab, a stolen token) is dead too.
    const replay = new TrpcHttp(api.server.url);
    replay.cookie = token;
    expectError(await replay.query('auth.me'), { status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
    expectError(await replay.mutate('auth.logout'), { status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
    expectError(await client.query('auth.me'), { status: 401, code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
  });

  it('keeps sessions apart: logging one user out leaves another logged in', async () => {
    const a = new TrpcHttp(api.server.url);
    const b = new TrpcHttp(api.server.url);
    await Promise.all([a.login('nurse', 'demo-nurse'), b.login('nurse', 'demo-nurse')]);
    expect(a.cookie).not.toBe(b.cookie);
    dataOf(await a.mutate('auth.logout'));
    expectError(await a.query('auth.me'), { status: 401, code: 'UNAUTHORIZED' });
    expect(dataOf(await b.query('auth.me'))).toMatchObject({ username: 'nurse' });
  });
});
