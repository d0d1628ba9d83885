import { createRequire } from 'node:module';
import path from 'node:path';
import { startPostgres } from '../support/postgres.js';
import type { PreparedBenchDb } from './seed-large.js';
import { type BenchServer, REPO_ROOT, startBenchServer } from './server-process.js';

/**
 * A bench database on PostgreSQL (issue 16, item 3: the hospital bench runs on both): a throwaway
 * cluster started as the tests start theirs (tests/support/postgres.ts), migrated by the server
 * itself, then every row of the prepared SQLite bench database copied in (parents before children,
 * ids kept, sequences moved past them) and ANALYZEd. A copy of the large one takes a few minutes.
 */

interface SqliteDatabase {
  prepare(sql: string): { all(...params: unknown[]): unknown[]; iterate(...params: unknown[]): Iterable<unknown> };
  close(): void;
}
type SqliteConstructor = new (file: string, options?: { readonly?: boolean }) => SqliteDatabase;
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}
type PgModule = { Client: new (options: { connectionString: string }) => PgClient };

const serverRequire = createRequire(path.join(REPO_ROOT, 'server/package.json'));
const Sqlite = serverRequire('better-sqlite3') as SqliteConstructor;
const pg = serverRequire('pg') as PgModule;

/** The server's own bookkeeping, which its migration on PostgreSQL writes itself. */
const SKIPPED = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Tables in an order where every foreign key points at a table already copied. */
function parentsFirst(sqlite: SqliteDatabase, tables: string[]): string[] {
  const parents = new Map(
    tables.map((t) => [
      t,
      (sqlite.prepare(`pragma foreign_key_list("${t}")`).all() as { table: string }[])
        .map((fk) => fk.table)
        .filter((p) => p !== t && tables.includes(p)),
    ]),
  );
  const ordered: string[] = [];
  const visit = (t: string, path: string[]) => {
    if (ordered.includes(t) || path.includes(t)) return;
    for (const p of parents.get(t) ?? []) visit(p, [...path, t]);
    ordered.push(t);
  };
  for (const t of tables) visit(t, []);
  return ordered;
}

async function copyRows(file: string, url: string, log: (m: string) => void): Promise<void> {
  const sqlite = new Sqlite(file, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (
      sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as {
        name: string;
      }[]
    )
      .map((t) => t.name)
      .filter((t) => !SKIPPED.has(t));
    const pgColumns = async (table: string) =>
      new Map(
        (
          await client.query('select column_name, data_type from information_schema.columns where table_name = $1', [
            table,
          ])
        ).rows.map((r) => [String(r.column_name), String(r.data_type)]),
      );
    const started = Date.now();
    let copied = 0;
    await client.query('begin');
    // Rows arrive parents first, so no foreign key waits; the append-only triggers guard updates and deletes only.
    for (const table of parentsFirst(sqlite, tables)) {
      const typeOf = await pgColumns(table);
      if (typeOf.size === 0) continue;
      const columns = (sqlite.prepare(`pragma table_info("${table}")`).all() as { name: string }[])
        .map((c) => c.name)
        .filter((c) => typeOf.has(c));
      // One text array a column, cast to the column's type in the statement: a batch is as many
      // parameters as columns, not one a value (the large copy: 115 s instead of 139; the rest is
      // PostgreSQL's own inserting and indexing).
      const insert = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
        select ${columns.map((c, i) => `c${i}::${typeOf.get(c)}`).join(', ')}
        from unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}) as u(${columns.map((_, i) => `c${i}`).join(', ')})`;
      const PER_BATCH = 20_000;
      // Each column's values of the batch, as text (null stays null).
      const slots = columns.map((name) => ({ name, values: [] as (string | null)[] }));
      let rows = 0;
      const flush = async () => {
        if (rows === 0) return;
        await client.query(
          insert,
          slots.map((slot) => slot.values),
        );
        copied += rows;
        for (const slot of slots) slot.values = [];
        rows = 0;
      };
      const select = sqlite.prepare(`select ${columns.map((c) => `"${c}"`).join(', ')} from "${table}"`);
      for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
        for (const slot of slots) {
          const value = row[slot.name];
          slot.values.push(value === null || value === undefined ? null : String(value));
        }
        rows += 1;
        if (rows >= PER_BATCH) await flush();
      }
      await flush();
      // Serial ids go on after the copied ones (a table keyed by text, like session, has no sequence).
      const sequence = columns.includes('id')
        ? (await client.query(`select pg_get_serial_sequence('"${table}"', 'id') as name`)).rows[0]?.name
        : null;
      if (typeof sequence === 'string') {
        await client.query(`select setval($1, coalesce((select max(id) from "${table}"), 1))`, [sequence]);
      }
    }
    await client.query('commit');
    log(
      `copied ${copied} rows into PostgreSQL in ${((Date.now() - started) / 1000).toFixed(0)} s; vacuuming and analyzing`,
    );
    const vacuumStarted = Date.now();
    await client.query('vacuum (analyze)');
    // The copy left a gigabyte of pages to write back, which the next checkpoint would sync to disk in
    // the measured window, holding every commit behind it for seconds (2 s at p90 300 ms, seen once
    // the cluster was durable): a hospital's own checkpoints write what minutes of charting changed.
    await client.query('checkpoint');
    log(`vacuumed, analyzed and checkpointed in ${((Date.now() - vacuumStarted) / 1000).toFixed(0)} s`);
  } finally {
    await client.end();
    sqlite.close();
  }
}

/** One statement's share of a measured window, from pg_stat_statements. */
export interface StatementFigure {
  calls: number;
  totalMs: number;
  /** The statement as PostgreSQL normalised it ($1 for every value), whitespace folded. */
  text: string;
}

/**
 * BENCH_PG_STATEMENTS=1: what the server asked PostgreSQL, statement by statement, in the measured
 * window (pg_stat_statements, loaded into the bench cluster only). A call's round trips are what the
 * server pays on both sides of the connection, so this says where to cut them. A function the server
 * calls (audit_append()) counts once: the statements inside it are not round trips.
 */
export interface StatementCounter {
  /** Forgets everything counted so far: called as the measured window starts. */
  reset(): Promise<void>;
  /** Every statement counted since the reset, most called first. */
  read(): Promise<StatementFigure[]>;
}

const COUNT_STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1';

/**
 * The bench cluster keeps what it commits as production does: a test cluster's defaults
 * (tests/support/postgres.ts) turn the disk syncs off, and the SQLite bench syncs every commit.
 */
const DURABLE = ['fsync=on', 'synchronous_commit=on', 'full_page_writes=on'];

/**
 * The server reaches the database as a server on the same machine would: through its Unix socket.
 * BENCH_PG_TCP=1 goes through 127.0.0.1 instead (a database on another machine is reached over TCP,
 * but its CPU is then not on these two cores either).
 */
const OVER_TCP = process.env.BENCH_PG_TCP === '1';

/** One statement on a connection of its own, for the bench's bookkeeping. */
async function queryOnce(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function statementCounter(url: string): StatementCounter {
  const query = (sql: string) => queryOnce(url, sql);
  return {
    reset: async () => void (await query('select pg_stat_statements_reset()')),
    read: async () =>
      (
        await query(
          `select calls::float8 as calls, total_exec_time as total_ms,
                  regexp_replace(query, '\\s+', ' ', 'g') as text
           from pg_stat_statements
           where query not like '%pg_stat_statements%'
           order by calls desc`,
        )
      ).map((r) => ({ calls: Number(r.calls), totalMs: Number(r.total_ms), text: String(r.text) })),
  };
}

/**
 * A server on PostgreSQL holding a copy of the prepared bench database; stop() ends both. With
 * BENCH_PG_STATEMENTS=1 it comes with a statement counter.
 */
export async function postgresBenchServer(
  db: PreparedBenchDb,
  log: (m: string) => void,
): Promise<{ server: BenchServer; statements: StatementCounter | null; stop: () => Promise<void> }> {
  const cluster = await startPostgres({
    settings: [...DURABLE, ...(COUNT_STATEMENTS ? ['shared_preload_libraries=pg_stat_statements'] : [])],
  });
  try {
    await queryOnce(cluster.url, 'create database detox_bench');
    const url = (OVER_TCP ? cluster.url : cluster.socketUrl).replace(/\/postgres(\?|$)/, '/detox_bench$1');
    log(
      `PostgreSQL ${OVER_TCP ? `over TCP on port ${cluster.port}` : 'through its Unix socket'}, durable (fsync, synchronous_commit, full_page_writes on)`,
    );
    // The server migrates the empty database, exactly as in production; then the rows go in.
    const migrating = await startBenchServer({ seed: 'none', env: { DATABASE_URL: url }, startTimeoutMs: 90_000 });
    await migrating.stop();
    log(`PostgreSQL on port ${cluster.port} migrated; copying the ${db.info.scale.name} bench database`);
    await copyRows(db.file, url, log);
    let statements: StatementCounter | null = null;
    if (COUNT_STATEMENTS) {
      await queryOnce(url, 'create extension if not exists pg_stat_statements');
      statements = statementCounter(url);
    }
    const server = await startBenchServer({ seed: 'none', env: { DATABASE_URL: url }, startTimeoutMs: 90_000 });
    return {
      server,
      statements,
      stop: async () => {
        await server.stop();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
