import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { isPostgres } from './dialect.js';
import type { Database } from './database.js';
import * as initial from './migrations/2026-11-22-0001-initial.js';
import * as auditChain from './migrations/2026-11-27-0001-audit-chain.js';
import * as benchIndexes from './migrations/2026-11-27-0002-bench-indexes.js';
import * as userDeactivation from './migrations/2026-11-27-0003-user-deactivation.js';
import * as accessUnitScoping from './migrations/2026-12-02-access-unit-scoping.js';
import * as bedsideTemperatureUnit from './migrations/2026-12-02-bedside-temperature-unit.js';
import * as clinicalSubstances from './migrations/2026-12-02-clinical-substances.js';
import * as ordersMedicationOrders from './migrations/2026-12-02-orders-medication-orders.js';
import * as taperStartDate from './migrations/2026-12-02-taper-start-date.js';
import * as clientRequestIds from './migrations/2026-12-02-client-request-ids.js';
import * as auditChainNext from './migrations/2026-12-04-audit-chain-next.js';
import * as auditAppend from './migrations/2026-12-05-audit-append.js';
import * as auditPending from './migrations/2026-12-06-audit-pending.js';

/** Migrations are listed here rather than read from disk, so they run the same from any directory. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-22-0001-initial': initial,
  '2026-11-27-0001-audit-chain': auditChain,
  '2026-11-27-0002-bench-indexes': benchIndexes,
  '2026-11-27-0003-user-deactivation': userDeactivation,
  '2026-12-02-access-unit-scoping': accessUnitScoping,
  '2026-12-02-bedside-temperature-unit': bedsideTemperatureUnit,
  '2026-12-02-clinical-substances': clinicalSubstances,
  '2026-12-02-orders-medication-orders': ordersMedicationOrders,
  '2026-12-02-taper-start-date': taperStartDate,
  '2026-12-02-client-request-ids': clientRequestIds,
  '2026-12-04-audit-chain-next': auditChainNext,
  '2026-12-05-audit-append': auditAppend,
  '2026-12-06-audit-pending': auditPending,
};

/**
 * Kysely's Migrator wraps each migration in a transaction only where DDL is transactional in its
 * adapter (PostgreSQL). SQLite's DDL is transactional too, so wrap it here: a failed migration must
 * not leave half a schema behind.
 */
function inTransaction(migration: Migration): Migration {
  return {
    up: (db) => (db.isTransaction ? migration.up(db) : db.transaction().execute((trx) => migration.up(trx))),
  };
}

const provider: MigrationProvider = {
  async getMigrations() {
    return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, inTransaction(m)]));
  },
};

/** The advisory lock's name (hashed to its key); distinct from Kysely's own migration lock. */
const STARTUP_LOCK = 'detox-watch: migrations and seed';

/**
 * Runs `work` while holding a PostgreSQL advisory lock that every instance of the server takes at
 * start (issue 12, item 2): when several instances start together on one database, one migrates (and
 * seeds) while the others wait, then finds nothing left to do. The lock is held on a connection of its
 * own and ends with it, so an instance that dies half way releases it. Kysely's Migrator locks only
 * the migrations themselves, not the creation of its bookkeeping tables before them or the demo seed
 * after. SQLite needs no lock: one server owns the file, and a CLI beside it waits on SQLite's own.
 */
async function underStartupLock<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return work();
  return db.connection().execute(async (locked) => {
    await sql`select pg_advisory_lock(hashtext(${STARTUP_LOCK}))`.execute(locked);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${STARTUP_LOCK}))`.execute(locked);
    }
  });
}

/**
 * Brings the schema up to date and returns the names of the migrations this call ran (none when
 * another instance got there first). `afterMigrations` (main.ts: the demo seed) runs under the same
 * lock, so two instances starting on an empty database load the demo once.
 */
export async function migrateToLatest(db: Kysely<Database>, afterMigrations?: () => Promise<void>): Promise<string[]> {
  return underStartupLock(db, async () => {
    const migrator = new Migrator({ db, provider });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) {
      throw new Error(
        `Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    await afterMigrations?.();
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  });
}

/**
 * Migrates up to and including `name`: for tests of a data migration, which write rows as the schema
 * stood before it and then run the rest.
 */
export async function migrateTo(db: Kysely<Database>, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateTo(name);
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(
      `Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
