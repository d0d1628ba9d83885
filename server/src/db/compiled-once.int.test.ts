import { describe, expect, it } from 'vitest';
import { DIALECTS, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { sql } from 'kysely';
import { compiledOnce } from './compiled-once.js';
import { migrateToLatest } from './migrate.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`compiledOnce on ${dialect}`, () => {
    it('runs with each call’s values, compiled once per database, and refuses a run without a value', async () => {
      const { db, close } = await freshDatabase(dialect);
      try {
        await migrateToLatest(db);
        let builds = 0;
        // A constant (active = 1) stays as compiled; the username is each run's.
        const userNamed = compiledOnce((handle, slot) => {
          builds += 1;
          return handle
            .selectFrom('app_user')
            .select(['username', 'role'])
            .where('active', '=', 1)
            .where('username', '=', slot('username'));
        });
        await db
          .insertInto('app_user')
          .values(
            ['ana', 'ben'].map((username) => ({
              username,
              name: username,
              role: username === 'ana' ? ('nurse' as const) : ('physician' as const),
              password_hash: 'not-a-hash',
              created_at: new Date().toISOString(),
              active: 1,
            })),
          )
          .execute();
        expect(await userNamed(db, { username: 'ana' })).toEqual([{ username: 'ana', role: 'nurse' }]);
        expect(await userNamed(db, { username: 'ben' })).toEqual([{ username: 'ben', role: 'physician' }]);
        expect(await userNamed(db, { username: 'cat' })).toEqual([]);
        await db.updateTable('app_user').set({ active: 0 }).where('username', '=', 'ben').execute();
        expect(await userNamed(db, { username: 'ben' })).toEqual([]);
        // Inside a transaction: the same compiled query, on the transaction's connection (it sees its own row).
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('app_user')
            .values({
              username: 'cat',
              name: 'cat',
              role: 'nurse',
              password_hash: 'x',
              active: 1,
              created_at: '2026-12-03T00:00:00Z',
            })
            .execute();
          expect(await userNamed(trx, { username: 'cat' })).toEqual([{ username: 'cat', role: 'nurse' }]);
        });
        expect(builds).toBe(1);
        await expect(userNamed(db, {})).rejects.toThrow('No value was given for "username"');
      } finally {
        await close();
      }
    });

    it.runIf(dialect === 'postgres')(
      'on PostgreSQL runs as a statement each connection parses and plans once, except a query reading *',
      async () => {
        const { db, close } = await freshDatabase(dialect);
        try {
          await migrateToLatest(db);
          const roleOf = compiledOnce((handle, slot) =>
            handle.selectFrom('app_user').select(['role']).where('username', '=', slot('username')),
          );
          const everythingOf = compiledOnce((handle, slot) =>
            handle.selectFrom('app_user').selectAll().where('username', '=', slot('username')),
          );
          // One connection for the whole look: a transaction holds its own.
          const prepared = await db.transaction().execute(async (trx) => {
            for (let i = 0; i < 3; i++) {
              await roleOf(trx, { username: `u${i}` });
              await everythingOf(trx, { username: `u${i}` });
            }
            const { rows } = await sql<{
              statement: string;
              generic_plans: number;
              custom_plans: number;
            }>`select statement, generic_plans, custom_plans from pg_prepared_statements where from_sql = false`.execute(
              trx,
            );
            return rows;
          });
          const role = prepared.filter((p) => p.statement.includes('select "role" from "app_user"'));
          expect(role).toHaveLength(1);
          // Prepared once, run three times.
          expect(Number(role[0]?.generic_plans) + Number(role[0]?.custom_plans)).toBe(3);
          expect(prepared.filter((p) => p.statement.includes('select * from "app_user"'))).toEqual([]);
        } finally {
          await close();
        }
      },
    );
  });
}
