import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase, demoDatabase, dialectAvailable } from '../../test-support/databases.js';
import { DEFAULT_SESSION_POLICY } from '../config.js';
import { login, userForSession } from './auth.js';
import { assignedUnitIds } from './unit-scope.js';

// The session lookup reads the user's units with it, for the unit checks of the same request.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`a session's units on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await demoDatabase(dialect);
    });
    afterAll(async () => {
      await t?.close();
    });

    const sessionOf = async (username: string, password: string) => {
      const { token } = await login(t.db, DEFAULT_SESSION_POLICY, { username, password, address: '127.0.0.1' });
      return userForSession(t.db, DEFAULT_SESSION_POLICY, token);
    };

    it('are the units the user is assigned to, in order, as read on their own', async () => {
      const user = await sessionOf('nurse', 'demo-nurse');
      if (!user) throw new Error('the demo nurse could not log in');
      expect(user.unitIds?.length).toBeGreaterThan(0);
      expect(user.unitIds).toEqual(await assignedUnitIds(t.db, { id: user.id }));
      // Assigned to one more unit: the next request's lookup says so.
      const other = await t.db
        .selectFrom('unit')
        .select('id')
        .where('id', 'not in', [...(user.unitIds ?? [])])
        .executeTakeFirst();
      if (!other) throw new Error('the demo has one unit only');
      await t.db.insertInto('user_unit').values({ user_id: user.id, unit_id: other.id }).execute();
      const again = await sessionOf('nurse', 'demo-nurse');
      expect(again?.unitIds).toEqual([...(user.unitIds ?? []), other.id].sort((a, b) => a - b));
    });

    it('are none for a user on no unit (the admin)', async () => {
      const admin = await sessionOf('admin', 'demo-admin');
      expect(admin?.unitIds).toEqual([]);
    });
  });
}
