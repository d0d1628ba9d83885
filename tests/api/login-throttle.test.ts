import { describe, expect, it } from 'vitest';
import { expectError, expectNothingWritten, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';

// A server of its own: after this file, logins from 127.0.0.1 are locked for 15 minutes.
const api = useApiServer({ login: [] });

const LOGIN_FAILED = 'Username or password is incorrect';
const TOO_MANY = 'Too many failed logins; wait 15 minutes and try again, or ask an admin';

async function failLogin(username: string): Promise<void> {
  const res = await new TrpcHttp(api.server.url).mutate('auth.login', { username, password: 'wrong-password' });
  expectError(res, { status: 401, code: 'UNAUTHORIZED', message: LOGIN_FAILED });
}

describe('failed-login throttling over HTTP', () => {
  it('after 5 failed logins for a username, the next login is 429 even with the right password, and no session is made', async () => {
    for (let i = 0; i < 5; i++) await failLogin('nurse');
    const client = new TrpcHttp(api.server.url);
    const sessionsBefore = selectAll(api.sqlitePath, 'select id from session').length;
    const res = await expectNothingWritten(api, () => client.mutate('auth.login', { username: 'nurse', password: 'demo-nurse' }));
    expectError(res, { status: 429, code: 'TOO_MANY_REQUESTS', message: TOO_MANY });
    expect(client.lastSetCookies).toEqual([]);
    expect(selectAll(api.sqlitePath, 'select id from session').length).toBe(sessionsBefore);
    // The username is spelled differently but is the same account.
    expectError(await client.mutate('auth.login', { username: ' NURSE ', password: 'demo-nurse' }), { status: 429, code: 'TOO_MANY_REQUESTS', message: TOO_MANY });
  });

  it('another user from the same address can still log in while under the per-address limit', async () => {
    const physician = new TrpcHttp(api.server.url);
    const res = await physician.mutate('auth.login', { username: 'physician', password: 'demo-physician' });
    expect(dataOf(res)).toMatchObject({ user: { role: 'physician' } });
  });

  it('after 20 failed logins from one address, every username is refused with 429', async () => {
    // 5 failures so far (nurse); 15 more with made-up usernames make 20 from 127.0.0.1.
    // In parallel: each of them is checked while the count is still below 20, so each is a plain 401.
    await Promise.all(Array.from({ length: 15 }, (_, i) => failLogin(`ghost-${i}`)));
    const res = await expectNothingWritten(api, () => new TrpcHttp(api.server.url).mutate('auth.login', { username: 'admin', password: 'demo-admin' }));
    expectError(res, { status: 429, code: 'TOO_MANY_REQUESTS', message: TOO_MANY });
    const failures = selectAll<{ n: number }>(api.sqlitePath, "select count(*) as n from login_attempt where succeeded = 0 and address = '127.0.0.1'");
    expect(failures[0]?.n).toBe(20);
  });
});
