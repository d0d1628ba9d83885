import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_AUDIT_HMAC_KEY } from '../audit/audit-key.js';
import { type TestDatabase, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { connect } from './connect.js';
import type { Database } from './database.js';
import { migrateToLatest } from './migrate.js';
import { seedDemoIfEmpty } from './seed/demo.js';

// Issue 12, item 2: several server instances start together on one empty PostgreSQL database. Each
// runs the migrator and the demo seed at start (main.ts); the advisory lock in migrate.ts lets one do
// the work while the others wait, so every migration runs once, the demo is loaded once, and all finish.
describe.skipIf(!dialectAvailable('postgres'))('migrations when instances start together, on postgres', () => {
  let t: TestDatabase;
  let others: Kysely<Database>[] = [];

  beforeAll(async () => {
    t = await freshDatabase('postgres');
    // Each instance has its own pool, as separate processes would.
    others = [0, 1].map(() => connect(t.url, '', DEVELOPMENT_AUDIT_HMAC_KEY).db);
  });

  afterAll(async () => {
    await Promise.all(others.map((db) => db.destroy()));
    await t?.close();
  });

  it('runs each migration once and loads the demo once, and every instance finishes', async () => {
    const instances = [t.db, ...others];
    const seeded: (string | null)[] = [];
    const ran = await Promise.all(
      instances.map((db) =>
        migrateToLatest(db, async () => {
          const result = await seedDemoIfEmpty(db);
          seeded.push(result?.unitName ?? null);
        }),
      ),
    );

    const recorded = await sql<{ name: string }>`select name from kysely_migration`.execute(t.db);
    const names = recorded.rows.map((r) => r.name).sort();
    expect(names.length).toBeGreaterThanOrEqual(9);
    // One instance ran them all; the others found nothing left to do. No name twice across instances.
    expect(ran.flat().sort()).toEqual(names);
    expect(ran.filter((list) => list.length > 0)).toHaveLength(1);

    // Every instance ran its seed step after the migrations; only the first found the database empty.
    expect(seeded).toHaveLength(instances.length);
    expect(seeded.filter((name) => name !== null)).toEqual(['Detox North']);
    const nurses = await t.db.selectFrom('app_user').select('id').where('username', '=', 'nurse').execute();
    expect(nurses).toHaveLength(1);
    const units = await t.db.selectFrom('unit').select('name').orderBy('name').execute();
    expect(units.map((u) => u.name)).toEqual(['Detox North', 'Detox South']);
  });

  it('lets a later start through at once, with nothing to run', async () => {
    const again = await Promise.all([migrateToLatest(t.db), migrateToLatest(others[0] as Kysely<Database>)]);
    expect(again).toEqual([[], []]);
  });
});
