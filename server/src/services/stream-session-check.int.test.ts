import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase, demoDatabase, dialectAvailable } from '../../test-support/databases.js';
import { sessionIdOf } from '../auth/session-token.js';
import { DEFAULT_SESSION_POLICY } from '../config.js';
import { endSessionToken, liveSessionIds, login } from './auth.js';

// The open event streams' sessions, checked in one query (events/stream-sessions.ts).
for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`live sessions of open streams on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await demoDatabase(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    const sessionId = async (username: string, password: string) =>
      sessionIdOf((await login(t.db, DEFAULT_SESSION_POLICY, { username, password, address: '127.0.0.1' })).token);

    it('are the sessions not ended, not idle, not too old, of active users', async () => {
      const nurse = await sessionId('nurse', 'demo-nurse');
      const physician = await sessionId('physician', 'demo-physician');
      const loggedOutToken = (
        await login(t.db, DEFAULT_SESSION_POLICY, { username: 'admin', password: 'demo-admin', address: '127.0.0.1' })
      ).token;
      await endSessionToken(t.db, loggedOutToken);
      const ids = [nurse, physician, sessionIdOf(loggedOutToken), 'no-such-session'];
      expect(await liveSessionIds(t.db, DEFAULT_SESSION_POLICY, ids)).toEqual(new Set([nurse, physician]));

      const idleMs = DEFAULT_SESSION_POLICY.idleMinutes * 60_000;
      expect(await liveSessionIds(t.db, DEFAULT_SESSION_POLICY, ids, Date.now() + idleMs + 1000)).toEqual(new Set());

      await t.db.updateTable('app_user').set({ active: 0 }).where('username', '=', 'physician').execute();
      expect(await liveSessionIds(t.db, DEFAULT_SESSION_POLICY, ids)).toEqual(new Set([nurse]));
    });
  });
}
