import { close, fdatasync, openSync } from 'node:fs';
import type SQLite from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
  type Transaction,
} from 'kysely';
import { answerInTurns } from './answer-in-turns.js';
import type { WalCheckpoint } from './wal-checkpoint.js';

/**
 * Group commit for SQLite (issue 16). With synchronous=FULL every COMMIT waits for the disk, and
 * better-sqlite3 waits synchronously: one sync per charted score, during which the whole server
 * (every board, every event stream) stands still. Here writes that arrive together share one
 * transaction and one sync:
 *
 * - The first write opens a batch (BEGIN IMMEDIATE). Each Kysely transaction runs inside it as a
 *   SAVEPOINT, so a refused or failed request rolls back alone. A write outside a transaction
 *   commits the batch at once (rare: migrations, a session's last-seen time).
 * - When a member finishes, the connection goes to the next request in line at once; the batch is
 *   committed (one sync) when the queue of requests that were already waiting has run. Each member's
 *   promise resolves only after that COMMIT, so nothing is acknowledged before it is on disk
 *   (the kill -9 crash test holds), and if the COMMIT fails every member fails with it.
 *
 * Reads run on the same single connection and so see the batch's rows before its COMMIT; none of
 * those rows can be lost without the request that wrote them failing too.
 *
 * The disk sync itself runs off the event loop. A WAL database opened with synchronous=FULL runs at
 * NORMAL (a COMMIT writes the WAL without waiting for the disk; SQLite still syncs around
 * checkpoints and when it reuses the WAL), and after each COMMIT the driver has the WAL file synced
 * (fdatasync, as FULL would) on libuv's thread pool. The batch's members are answered once that sync
 * is done, so acknowledged still means on disk; meanwhile the server answers other requests and the
 * next batch gathers. One sync runs at a time and covers every batch committed before it started.
 *
 * A transaction marked with answerAtCommit() (a batch of read audits) is answered at its COMMIT and
 * does not wait for the sync, which still follows and covers it: only a power cut in those few
 * milliseconds can lose it (a kill -9 cannot: the rows are in the WAL). On the hospital bench the
 * sync's p99 was 15 to 34 ms and its slowest 76 ms, and every board and timeline waited for one.
 */

const MEMBER_SAVEPOINT = 'group_commit_member';
const SYNCHRONOUS_NORMAL = 1;
const SYNCHRONOUS_FULL = 2;

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
  /** Answered at the COMMIT, not after the sync (answerAtCommit). */
  atCommit?: boolean;
}

/**
 * SQLite has one connection: requests take it in arrival order. The next in line gets it at once, up
 * to HANDOFFS_PER_TURN times in one turn of the event loop, then on the next turn. better-sqlite3
 * answers synchronously, so a queue of fifty requests handed on at once would run as one 50 ms block
 * and timers, event streams and health checks would wait behind it (issue 16, event-loop delay).
 * Handing on only one a turn, as before, held every query of every request for a turn each: on the
 * paced hospital bench at 70 % of the load the board's p99 was 516 and 164 ms one a turn, 62 and 54 ms
 * with sixteen (loop p99 15 to 18 ms either way).
 */
const HANDOFFS_PER_TURN = 16;

/**
 * With a checkpointing worker (wal-checkpoint.ts), a checkpoint after this many committed batches.
 * On the hospital bench a batch wrote about eight pages, so the WAL stayed near 250 to 300 pages
 * (about 1 MB): the part alongside the writes took 2 to 7 ms and the closing part, which holds the
 * connection, 0.1 to 3.3 ms. A checkpoint every 128 batches measured no better.
 */
const BATCHES_PER_CHECKPOINT = 32;

/**
 * SQLite's own checkpoint (on this connection, in a COMMIT) stays as the backstop, at a size the
 * worker's checkpoints never let the WAL reach: 10,000 pages of 4 KiB.
 */
const BACKSTOP_CHECKPOINT_PAGES = 10_000;
/** SQLite's default, back in force if the checkpointing worker fails. */
const DEFAULT_CHECKPOINT_PAGES = 1_000;

class FifoLock {
  #held = false;
  #queue: (() => void)[] = [];

  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#queue.push(resolve));
  }

  /** How many are in line for the connection. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Hand-overs made at once in this turn of the event loop. */
  #handedThisTurn = 0;

  release(): void {
    const next = this.#queue.shift();
    if (!next) {
      this.#held = false;
      return;
    }
    if (this.#handedThisTurn >= HANDOFFS_PER_TURN) {
      setImmediate(next);
      return;
    }
    if (this.#handedThisTurn++ === 0)
      setImmediate(() => {
        this.#handedThisTurn = 0;
      });
    next();
  }
}

/**
 * One request's use of the connection, from acquire to release. After a transaction the lease hands
 * the connection on while it waits for the commit; a lease used again after that (Kysely's migrator
 * runs several transactions on one `db.connection()`) takes its turn in line again first.
 */
class Lease implements DatabaseConnection {
  handedOver = false;
  inTransaction = false;
  /** The transaction running on this lease is answered at its COMMIT (answerAtCommit). */
  answerAtCommit = false;

  constructor(private readonly driver: GroupCommitSqliteDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute<R>(this, query);
  }

  // biome-ignore lint/correctness/useYield: streaming is refused, as the stock SQLite driver does for writes.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on SQLite here; select the rows instead');
  }
}

export class GroupCommitSqliteDriver implements Driver {
  readonly #db: SQLite.Database;
  readonly #lock = new FifoLock();
  /** The open batch's members waiting for its COMMIT; null when no batch is open. */
  #batch: Waiter[] | null = null;
  #commitQueued = false;
  readonly #syncFile: SyncFile;
  /** Set when the driver syncs the WAL itself (a WAL file database opened with synchronous=FULL). */
  #wal: { path: string; fd: number | null } | null = null;
  /** Committed batches waiting for a sync that starts after their COMMIT. */
  #awaitingSync: Waiter[][] = [];
  /** The sync running now, if any. */
  #syncing: Promise<void> | null = null;
  readonly #startCheckpoints: ((file: string) => WalCheckpoint) | undefined;
  /** The checkpointing worker, when the WAL is checkpointed off the event loop. */
  #checkpoints: WalCheckpoint | null = null;
  #batchesSinceCheckpoint = 0;
  /** The checkpoint running now, if any. */
  #checkpointing: Promise<void> | null = null;

  constructor(
    database: SQLite.Database,
    syncFile: SyncFile = fdatasyncOffThread,
    startCheckpoints?: (file: string) => WalCheckpoint,
  ) {
    this.#db = database;
    this.#syncFile = syncFile;
    this.#startCheckpoints = startCheckpoints;
  }

  async init(): Promise<void> {
    const wal = String(this.#db.pragma('journal_mode', { simple: true })) === 'wal';
    const full = Number(this.#db.pragma('synchronous', { simple: true })) >= SYNCHRONOUS_FULL;
    if (!wal || !full || this.#db.memory) return;
    this.#db.pragma(`synchronous = ${SYNCHRONOUS_NORMAL}`);
    this.#wal = { path: `${this.#db.name}-wal`, fd: null };
    if (this.#startCheckpoints) {
      this.#checkpoints = this.#startCheckpoints(this.#db.name);
      this.#db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    }
  }

  /** Requests waiting for the connection, and writes of the open batch waiting for its COMMIT. */
  queue(): { waiting: number; batched: number } {
    return { waiting: this.#lock.waiting, batched: this.#batch?.length ?? 0 };
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.acquire();
    return new Lease(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = leaseOf(connection);
    await this.#retake(lease);
    this.#openBatch();
    this.#exec(`savepoint ${MEMBER_SAVEPOINT}`);
    lease.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = leaseOf(connection);
    this.#exec(`release ${MEMBER_SAVEPOINT}`);
    lease.inTransaction = false;
    await this.#handOverAndAwaitCommit(lease);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = leaseOf(connection);
    // The mark is this transaction's only, even on a lease that runs another one after it.
    lease.answerAtCommit = false;
    // Already handed over: the failure was the batch's COMMIT, which rolled everything back.
    if (!lease.inTransaction) return;
    lease.inTransaction = false;
    if (this.#db.inTransaction) {
      this.#exec(`rollback to ${MEMBER_SAVEPOINT}`);
      this.#exec(`release ${MEMBER_SAVEPOINT}`);
    } else {
      // SQLite rolled the whole batch back (disk full, I/O error): its other members are lost too.
      this.#failBatch(new Error('The database rolled back a group of writes after an error; retry the request'));
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = leaseOf(connection);
    if (lease.handedOver) return;
    lease.handedOver = true;
    this.#lock.release();
    this.#queueCommit();
  }

  async destroy(): Promise<void> {
    await this.#commit();
    while (this.#syncing) await this.#syncing;
    while (this.#checkpointing) await this.#checkpointing;
    await this.#checkpoints?.close();
    this.#checkpoints = null;
    const fd = this.#wal?.fd;
    if (fd != null) await new Promise<void>((resolve) => close(fd, () => resolve()));
    // Closing checkpoints the WAL into the database file and syncs both.
    this.#db.close();
  }

  /** Called by a lease for every statement it runs. */
  async execute<R>(lease: Lease, query: CompiledQuery): Promise<QueryResult<R>> {
    await this.#retake(lease);
    const statement = this.#db.prepare(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.readonly || lease.inTransaction) return run<R>(statement, parameters);
    // An autocommit write (a migration, a session's last-seen time) commits at once, together with the
    // batch waiting for the connection, so it is durable when it returns and the lease can go on.
    this.#openBatch();
    const durable = new Promise<void>((resolve, reject) => this.#batch?.push({ resolve, reject }));
    // Awaited below; if the statement throws, the batch still commits and this is not awaited.
    durable.catch(() => undefined);
    let result: QueryResult<R>;
    try {
      result = run<R>(statement, parameters);
    } finally {
      this.#commitHoldingLock();
    }
    await durable;
    return result;
  }

  #openBatch(): void {
    if (this.#batch) return;
    this.#exec('begin immediate');
    this.#batch = [];
  }

  /** Passes the connection to the next request and waits until the batch holding this write commits. */
  #handOverAndAwaitCommit(lease: Lease): Promise<void> {
    const batch = this.#batch;
    if (!batch)
      return Promise.reject(
        new Error('The group of writes this request belonged to was rolled back; retry the request'),
      );
    const atCommit = lease.answerAtCommit;
    lease.answerAtCommit = false;
    const durable = new Promise<void>((resolve, reject) => batch.push({ resolve, reject, atCommit }));
    lease.handedOver = true;
    this.#lock.release();
    this.#queueCommit();
    return durable;
  }

  async #retake(lease: Lease): Promise<void> {
    if (!lease.handedOver) return;
    await this.#lock.acquire();
    lease.handedOver = false;
  }

  /** After the requests already waiting for the connection have had it (they join this batch). */
  #queueCommit(): void {
    if (!this.#batch || this.#commitQueued) return;
    this.#commitQueued = true;
    setImmediate(() => void this.#commit());
  }

  async #commit(): Promise<void> {
    await this.#lock.acquire();
    this.#commitQueued = false;
    try {
      this.#commitHoldingLock();
    } finally {
      this.#lock.release();
    }
  }

  /** COMMITs the open batch and answers its members once it is on disk. The caller holds the lock. */
  #commitHoldingLock(): void {
    const batch = this.#batch;
    this.#batch = null;
    if (!batch) return;
    try {
      this.#exec('commit');
    } catch (error) {
      if (this.#db.inTransaction) this.#exec('rollback');
      for (const waiter of batch) waiter.reject(error);
      return;
    }
    if (!this.#wal) {
      // SQLite synced it in the COMMIT (synchronous=FULL, or a database in memory).
      answerInTurns(batch);
      return;
    }
    const atCommit: Waiter[] = [];
    const afterSync: Waiter[] = [];
    for (const waiter of batch) (waiter.atCommit ? atCommit : afterSync).push(waiter);
    if (atCommit.length > 0) answerInTurns(atCommit);
    // Pushed even when every member was answered: the sync still follows the COMMIT.
    this.#awaitingSync.push(afterSync);
    if (!this.#syncing) this.#syncing = this.#syncCommitted();
    if (this.#checkpoints && ++this.#batchesSinceCheckpoint >= BATCHES_PER_CHECKPOINT && !this.#checkpointing)
      this.#checkpointing = this.#checkpoint(this.#checkpoints);
  }

  /**
   * First alongside the writes, which copies nearly every frame and runs both syncs; then, holding the
   * connection with no batch open, the few frames committed meanwhile. Only a WAL copied to its end
   * is started over by the next batch; one never copied to its end only grows.
   */
  async #checkpoint(checkpoints: WalCheckpoint): Promise<void> {
    this.#batchesSinceCheckpoint = 0;
    try {
      await checkpoints.checkpoint();
      await this.#lock.acquire();
      try {
        this.#commitHoldingLock();
        await checkpoints.checkpoint();
      } finally {
        this.#lock.release();
      }
    } catch (error) {
      // The WAL must still be copied back: SQLite's own checkpoint takes over, on this connection.
      console.error('The checkpointing worker failed; SQLite checkpoints on the server thread from now on:', error);
      this.#checkpoints = null;
      this.#db.pragma(`wal_autocheckpoint = ${DEFAULT_CHECKPOINT_PAGES}`);
      await checkpoints.close().catch(() => undefined);
    } finally {
      this.#checkpointing = null;
    }
  }

  /** Syncs the WAL for every batch committed so far, then answers them; again while more are committed meanwhile. */
  async #syncCommitted(): Promise<void> {
    while (this.#awaitingSync.length > 0) {
      const batches = this.#awaitingSync.splice(0);
      try {
        await this.#syncFile(this.#walFd());
      } catch (error) {
        // Committed but perhaps not on disk: no member is told it is saved (a retry with its request
        // id finds its row and answers it then).
        for (const batch of batches) for (const waiter of batch) waiter.reject(error);
        continue;
      }
      // All of them a few per turn, not each batch's first few in the same turn.
      answerInTurns(batches.flat());
    }
    this.#syncing = null;
  }

  /** The WAL file's descriptor: it appears with the first commit and stays while this connection is open. */
  #walFd(): number {
    const wal = this.#wal as { path: string; fd: number | null };
    wal.fd ??= openSync(wal.path, 'r');
    return wal.fd;
  }

  #failBatch(error: Error): void {
    const batch = this.#batch;
    this.#batch = null;
    for (const waiter of batch ?? []) waiter.reject(error);
  }

  #exec(source: string): void {
    this.#db.prepare(source).run();
  }
}

function run<R>(statement: SQLite.Statement, parameters: unknown[]): QueryResult<R> {
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/**
 * Has the group-commit driver answer this transaction at its COMMIT instead of after the disk sync
 * that follows it (the header says what that risks). For rows whose loss in a power cut the caller
 * accepts: read audits, as PostgreSQL commits them with synchronous_commit off. Call it inside the
 * transaction; on another driver it does nothing.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database's transaction; only its connection is used.
export async function answerAtCommit(trx: Transaction<any>): Promise<void> {
  await trx.getExecutor().provideConnection(async (connection) => {
    if (connection instanceof Lease) connection.answerAtCommit = true;
  });
}

function leaseOf(connection: DatabaseConnection): Lease {
  if (!(connection instanceof Lease)) throw new Error('Not a connection of the group-commit driver');
  return connection;
}

/** Syncs a file's data to the disk (the WAL file's descriptor). Replaced in tests to hold or fail a sync. */
export type SyncFile = (fd: number) => Promise<void>;

const fdatasyncOffThread: SyncFile = (fd) =>
  new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));

/** Kysely's SQLite dialect (its adapter, query compiler and introspector) with the group-commit driver. */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #database: SQLite.Database;

  readonly #syncFile: SyncFile | undefined;
  readonly #startCheckpoints: ((file: string) => WalCheckpoint) | undefined;

  /** `checkpoints` starts the worker that checkpoints the WAL (wal-checkpoint.ts); without it SQLite does, in a COMMIT. */
  constructor(
    config: SqliteDialectConfig & {
      database: SQLite.Database;
      syncFile?: SyncFile;
      checkpoints?: (file: string) => WalCheckpoint;
    },
  ) {
    super(config);
    this.#database = config.database;
    this.#syncFile = config.syncFile;
    this.#startCheckpoints = config.checkpoints;
  }

  #driver: GroupCommitSqliteDriver | undefined;

  override createDriver(): Driver {
    this.#driver = new GroupCommitSqliteDriver(this.#database, this.#syncFile, this.#startCheckpoints);
    return this.#driver;
  }

  /** The driver's queue now (for /metrics); zeros before Kysely has made the driver. */
  queue(): { waiting: number; batched: number } {
    return this.#driver?.queue() ?? { waiting: 0, batched: 0 };
  }
}
