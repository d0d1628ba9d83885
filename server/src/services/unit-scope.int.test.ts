import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemoIfEmpty } from '../db/seed/demo.js';
import { startPostgresRelay } from '../events/pg-relay.js';
import { DIALECTS, type TestDatabase, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { UnitEvents } from '../events/unit-events.js';
import { DEFAULT_THROTTLE_POLICY } from '../config.js';
import { throttleDecision } from './login-throttle.js';
import { scopeDenial } from './unit-scope.js';

/** The access migration, the demo's unit assignments, scoping and the throttle, on SQLite and PostgreSQL. */
describe.each(DIALECTS.filter(dialectAvailable))('unit scoping and login throttle on %s', (dialect) => {
  let database: TestDatabase;
  const ids = {} as { north: number; south: number; nurse: number; southNurse: number; northAdmission: number };

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await migrateToLatest(database.db);
    await seedDemoIfEmpty(database.db);
    const db = database.db;
    const unit = async (name: string) =>
      (await db.selectFrom('unit').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    const user = async (username: string) =>
      (await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    ids.north = await unit('Detox North');
    ids.south = await unit('Detox South');
    ids.nurse = await user('nurse');
    ids.southNurse = await user('nurse-south');
    ids.northAdmission = (
      await db.selectFrom('admission').select('id').where('unit_id', '=', ids.north).limit(1).executeTakeFirstOrThrow()
    ).id;
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it('refuses a record of another unit, allows one of the own unit, and lets a live emergency grant through', async () => {
    const db = database.db;
    expect(await scopeDenial(db, { id: ids.nurse, role: 'nurse' }, { admissionId: ids.northAdmission })).toBeNull();
    const denial = await scopeDenial(
      db,
      { id: ids.southNurse, role: 'nurse' },
      { nested: [{ admissionId: ids.northAdmission }] },
    );
    expect(denial?.place).toMatchObject({ unitId: ids.north, admissionId: ids.northAdmission });
    const now = new Date();
    await db
      .insertInto('emergency_access')
      .values({
        user_id: ids.southNurse,
        unit_id: ids.north,
        admission_id: null,
        reason: 'test',
        granted_at: now.toISOString(),
        expires_at: new Date(now.getTime() + 60_000).toISOString(),
      })
      .execute();
    expect(
      await scopeDenial(db, { id: ids.southNurse, role: 'nurse' }, { admissionId: ids.northAdmission }),
    ).toBeNull();
    // An hour later the grant has lapsed.
    expect(
      await scopeDenial(
        db,
        { id: ids.southNurse, role: 'nurse' },
        { admissionId: ids.northAdmission },
        new Date(now.getTime() + 3_600_000),
      ),
    ).not.toBeNull();
  });

  it('lets a unit the actor is assigned to through without reading the database, and reads and refuses another', async () => {
    const noDatabase = new Proxy(
      {},
      {
        get() {
          throw new Error('the database was read');
        },
      },
    ) as Kysely<Database>;
    const nurse = { id: ids.nurse, role: 'nurse' as const, unitIds: [ids.north] };
    expect(await scopeDenial(noDatabase, nurse, { unitId: ids.north })).toBeNull();
    await expect(scopeDenial(noDatabase, nurse, { unitId: ids.south })).rejects.toThrow('the database was read');
    const denial = await scopeDenial(database.db, nurse, { unitId: ids.south });
    expect(denial?.place).toMatchObject({ unitId: ids.south, admissionId: null });
    expect(denial?.message).toMatch(/^You are not assigned to this unit/);
  });

  it('makes one device wait after 5 failures, longer after each further one, and leaves other devices alone', async () => {
    const db = database.db;
    const at = (ms: number) => new Date(Date.now() - ms).toISOString();
    const fail = (address: string, ago: number) =>
      db
        .insertInto('login_attempt')
        .values({ username: 'nurse', address, succeeded: 0, attempted_at: at(ago) })
        .execute();
    for (let i = 0; i < 5; i++) await fail('10.0.0.1', 10_000);
    // 30 s after the last failure (10 s ago), then 60 s after the sixth (1 s ago); a second's slack for a slow machine.
    const first = await throttleDecision(db, DEFAULT_THROTTLE_POLICY, 'nurse', '10.0.0.1');
    expect(first.kind === 'wait' && first.seconds >= 19 && first.seconds <= 20, JSON.stringify(first)).toBe(true);
    await fail('10.0.0.1', 1_000);
    const second = await throttleDecision(db, DEFAULT_THROTTLE_POLICY, 'nurse', '10.0.0.1');
    expect(second.kind === 'wait' && second.seconds >= 58 && second.seconds <= 59, JSON.stringify(second)).toBe(true);
    expect(await throttleDecision(db, DEFAULT_THROTTLE_POLICY, 'nurse', '10.0.0.2')).toEqual({ kind: 'go', slowMs: 0 });
  });
});

describe.runIf(dialectAvailable('postgres'))('session ends across instances (PostgreSQL relay)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('postgres');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('a logout on one instance closes the streams of that session on another', async () => {
    const a = new UnitEvents();
    const b = new UnitEvents();
    const relays = [await startPostgresRelay(a, database.url ?? ''), await startPostgresRelay(b, database.url ?? '')];
    try {
      const ended = new Promise<void>((resolve) => b.onSessionEnd('session-hash-1', 99, resolve));
      a.endSession({ sessionId: 'session-hash-1' });
      await ended;
    } finally {
      for (const relay of relays) await relay.close();
    }
  });
});
