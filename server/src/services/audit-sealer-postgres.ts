import { randomUUID } from 'node:crypto';
import { type Insertable, type Kysely, type Transaction, sql } from 'kysely';
import { carriesPendingAuditTag, pendingAuditTag } from '../audit/audit-chain.js';
import { compiledOnce } from '../db/compiled-once.js';
import type { AuditPendingTable, ClientRequestTable, Database } from '../db/database.js';
import { type ChainHead, type SealedRow, UNKNOWN_HEAD } from './audit-append-postgres.js';
import { type AuditEventFields, storedAuditFields } from './audit-fields.js';

/** Seals events after a head, in order, as services/audit.ts seals every row of the chain. */
export type SealRows = (head: ChainHead, events: AuditEventFields[]) => readonly SealedRow[];

/** A row waiting in audit_pending: its id, its fields and the server's tag. */
export type PendingAudit = Omit<AuditPendingTable, 'seq'>;

/**
 * A write's audit rows on PostgreSQL, put into audit_pending inside the write's transaction: a plain
 * insert, no lock, on disk when the write is. Each carries the server's tag (pendingAuditTag), without
 * which the sealer does not seal a row it reads back. One insert for all of them, and for the client
 * request the write answers, if any (a data-modifying WITH: one statement, one round trip). Returns
 * the rows as inserted, for the write to hand to the sealer after its COMMIT (AuditSealer.sealCommitted).
 */
export async function insertPendingAudits(
  trx: Transaction<Database>,
  key: string,
  events: readonly AuditEventFields[],
  request?: Insertable<ClientRequestTable>,
): Promise<PendingAudit[]> {
  if (events.length === 0) {
    if (request) await trx.insertInto('client_request').values(request).execute();
    return [];
  }
  const now = new Date().toISOString();
  const rows = events.map((event) => {
    const row = { id: randomUUID(), ...storedAuditFields(event, now) };
    return { ...row, tag: pendingAuditTag(key, row) };
  });
  if (request)
    await trx
      .with('request', (cte) => cte.insertInto('client_request').values(request))
      .insertInto('audit_pending')
      .values(rows)
      .execute();
  else await trx.insertInto('audit_pending').values(rows).execute();
  return rows;
}

/** Rows a pass reads from audit_pending at most; the rest wait for the next pass, which follows at once. */
const PENDING_PER_PASS = 500;
/** Reads' rows a pass seals at most (each is an HMAC on the event loop). */
const READS_PER_PASS = 1_000;
/** A pass refused this many times for a moved head (another instance sealed) takes the lock for its whole pass. */
const CALLS_WITHOUT_LOCK = 3;

// Every pass runs these (compiledOnce: built once, not per request).
const pendingRows = compiledOnce((db: Kysely<Database>) =>
  db
    .selectFrom('audit_pending')
    .select(['id', 'occurred_at', 'user_id', 'user_role', 'action', 'entity', 'entity_id', 'outcome', 'address', 'tag'])
    .orderBy('seq')
    .limit(PENDING_PER_PASS),
);
const auditSeal = compiledOnce((db: Kysely<Database>, slot) => ({
  compile: () =>
    sql<{ appended: boolean; last_id: number; last_hmac: string }>`
      select appended, last_id, last_hmac
      from audit_seal(${slot('lastId')}::int, ${slot('prevHmac')}::text, ${slot('rows')}::jsonb, ${slot('pendingIds')}::text[])`.compile(
      db,
    ),
}));

interface ReadsWaiting {
  events: AuditEventFields[];
  resolve(): void;
  reject(error: unknown): void;
}

interface CommitWaiting {
  /** The write's rows, as this server inserted them; null for a sweep (whatever waits in the table). */
  rows: readonly PendingAudit[] | null;
  resolve(): void;
}

/**
 * audit_seal()'s refusal when a row it was asked to seal is no longer waiting (another instance's
 * sweep sealed it first). The migration's message text, as it has no error code of its own. The
 * migration calls this check a guard that cannot fire; it was written when every pass read the table
 * under the head it sealed against, and is frozen since: a write's pass sealing its own rows meets it.
 */
function sealedAlready(error: unknown): boolean {
  return error instanceof Error && /^audit_seal: .* were sealed already$/.test(error.message);
}

/**
 * Seals audit rows into the chain after their writes committed, on PostgreSQL (issue 16): a write's
 * COMMIT, with its disk sync, no longer holds the chain's lock, so writes commit side by side
 * (PostgreSQL then syncs them together) and reads' audit rows no longer wait behind them.
 *
 * A pass takes the rows this server's writes left in audit_pending, as it inserted them (no read of
 * the table), adds the reads' rows it holds, seals them all after the head it saw last, and sends them
 * in one call of audit_seal() (migration 2026-12-06-audit-pending), which takes the lock for that call
 * only. A refused call (the head moved: another instance, a tool) says where the head is, and the pass
 * seals again. One pass runs at a time; what arrives meanwhile waits for the next, so under load each
 * pass seals many rows.
 *
 * A sweep's pass reads the table instead: every instance's waiting rows, in the order they were
 * written, a page at a time. So does the pass after one that failed, and a pass whose rows another
 * instance's sweep sealed first (audit_seal() refuses rows no longer waiting, and changes nothing).
 * Reading the table on every pass, as the first version did, cost each write a round trip, and with
 * two instances each read and tried to seal the other's rows too.
 *
 * - A write is answered once a pass that began after its COMMIT is done: its audit row is then in
 *   the chain, as before, for anyone who looks. If that pass fails, the write is still answered (it
 *   and its audit row are committed) and its row waits in audit_pending for the next pass.
 * - A read is answered once its row is sealed, as before; if the pass fails, the read fails.
 * - Rows left in audit_pending by a server that stopped between a COMMIT and its pass (a crash, a
 *   power cut) are sealed by the next pass of any instance: each server runs one when it starts and
 *   every few seconds (startAuditSealing).
 */
export class AuditSealer {
  private readsWaiting: ReadsWaiting[] = [];
  private commitsWaiting: CommitWaiting[] = [];
  /** The last pass left rows in audit_pending (it reads a page at a time). */
  private morePending = false;
  /** A pass failed with writes' rows: the next one reads them from the table. */
  private failedWithRows = false;
  /** A pass is running or about to: what arrives now waits for it or the next. */
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private head: ChainHead = UNKNOWN_HEAD;
  /** Pending rows without the server's tag, reported once each. */
  private readonly refused = new Set<string>();
  /**
   * Calls of audit_seal() so far, by answer: refused ones found the head moved by another instance
   * (GET /metrics, detox_audit_seal_calls_total).
   */
  readonly calls = { sealed: 0, refused: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: string,
    private readonly sealRows: SealRows,
  ) {}

  /** Resolves once the rows are in the chain (committed); rejects with the pass's error. */
  sealReads(events: AuditEventFields[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.readsWaiting.push({ events, resolve, reject });
      this.start();
    });
  }

  /**
   * A write's rows, committed to audit_pending (insertPendingAudits): resolves once a pass has sealed
   * them, unless that pass failed (logged; the rows wait for the next pass that reads the table).
   * Without rows, a sweep: resolves once every row committed to audit_pending before the call is
   * sealed, or the pass failed. Never rejects.
   */
  sealCommitted(rows: readonly PendingAudit[] | null = null): Promise<void> {
    return new Promise((resolve) => {
      this.commitsWaiting.push({ rows, resolve });
      this.start();
    });
  }

  /**
   * The head this instance last sealed to or was told of, for the other instances (pg-relay.ts
   * carries it with each event this instance publishes, after the write's pass); null before the
   * first pass.
   */
  knownHead(): ChainHead | null {
    return this.head === UNKNOWN_HEAD ? null : this.head;
  }

  /**
   * Another instance sealed up to `head` (heard through the relay): the next pass seals after it
   * rather than after the head this one saw last, which would be refused. With two instances charting
   * (the multi-instance bench, 125 scores a second each), 26 to 41 % of each one's calls were refused,
   * each costing a second call of audit_seal() and the rows sealed again; with the heads heard, 10 to
   * 32 % (what is left: a pass that starts before the other's news arrives, and reads, which publish
   * nothing). A later head only: an older one (this instance's own event coming back, a message
   * delayed) would be refused. A guess like any head: audit_seal() checks it under the lock, and a
   * refused call sets the head to what it answers, wherever that is.
   */
  heardHead(head: ChainHead): void {
    if (head.lastId > this.head.lastId) this.head = head;
  }

  /** Resolves when no pass is running or waiting (a server stopping). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private start(): void {
    if (this.running) return;
    this.running = true;
    void this.run();
  }

  private async run(): Promise<void> {
    try {
      // The rest of this turn's writes and reads join the first pass.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.readsWaiting.length > 0 || this.commitsWaiting.length > 0 || this.morePending) {
        const reads = this.takeReads();
        const commits = this.commitsWaiting.splice(0);
        const readTable = this.morePending || this.failedWithRows || commits.some((c) => c.rows === null);
        this.morePending = false;
        this.failedWithRows = false;
        // Read from the table, the writes' rows are there too (committed before they were queued).
        const own = readTable ? null : commits.flatMap((c) => c.rows ?? []);
        try {
          this.morePending = await this.pass(
            reads.flatMap((r) => r.events),
            own,
          );
          for (const r of reads) r.resolve();
        } catch (error) {
          for (const r of reads) r.reject(error);
          if (commits.length > 0) {
            this.failedWithRows = true;
            console.error(
              'audit: sealing the waiting audit rows failed; they stay in audit_pending for the next pass:',
              error,
            );
          }
        }
        // A pass reads a page of waiting rows: a write's row may be on the next one.
        if (this.morePending) this.commitsWaiting.unshift(...commits);
        else for (const commit of commits) commit.resolve();
      }
    } finally {
      // In the same turn as the last check of the queues: a row queued after it starts a new run.
      this.running = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** The reads waiting, oldest first, up to READS_PER_PASS rows (at least one batch). */
  private takeReads(): ReadsWaiting[] {
    let rows = 0;
    let count = 0;
    for (const waiting of this.readsWaiting) {
      if (count > 0 && rows + waiting.events.length > READS_PER_PASS) break;
      rows += waiting.events.length;
      count++;
    }
    return this.readsWaiting.splice(0, count);
  }

  /**
   * One pass, of the writes' rows as given (`own`) or of what waits in the table (null); returns
   * whether audit_pending held more rows than it read.
   */
  private async pass(reads: AuditEventFields[], own: readonly PendingAudit[] | null): Promise<boolean> {
    if (own === null) return this.passOf(reads, null);
    try {
      return await this.passOf(reads, own);
    } catch (error) {
      if (!sealedAlready(error)) throw error;
      // Another instance's sweep sealed some of them first: seal whatever still waits.
      return this.passOf(reads, null);
    }
  }

  private async passOf(reads: AuditEventFields[], own: readonly PendingAudit[] | null): Promise<boolean> {
    for (let call = 0; call < CALLS_WITHOUT_LOCK; call++) {
      const outcome = await this.trySeal(this.db, reads, own);
      if (outcome.sealed) return outcome.more;
    }
    // Refused each time: another instance keeps moving the head. Held in a transaction, the first
    // call's lock stays held, so the second goes in.
    return this.db.transaction().execute(async (trx) => {
      const first = await this.trySeal(trx, reads, own);
      if (first.sealed) return first.more;
      const second = await this.trySeal(trx, reads, own);
      if (!second.sealed) throw new Error('audit chain: the head moved while this pass held the chain lock');
      return second.more;
    });
  }

  private async trySeal(
    db: Kysely<Database>,
    reads: AuditEventFields[],
    own: readonly PendingAudit[] | null,
  ): Promise<{ sealed: boolean; more: boolean }> {
    const head = this.head;
    const { waiting, more } = own === null ? await this.readWaiting(db) : { waiting: own, more: false };
    const events: AuditEventFields[] = [...waiting.map(({ id: _id, tag: _tag, ...event }) => event), ...reads];
    if (events.length === 0) return { sealed: true, more };
    const rows = this.sealRows(head, events);
    const [result] = await auditSeal(db, {
      lastId: head.lastId,
      prevHmac: head.hmac,
      rows: JSON.stringify(rows),
      pendingIds: waiting.map((row) => row.id),
    });
    if (!result) throw new Error('audit chain: PostgreSQL returned no row from audit_seal()');
    this.calls[result.appended ? 'sealed' : 'refused']++;
    const last = rows.at(-1);
    if (result.appended && last) {
      // Unless another instance's later head was heard while the call ran.
      if (this.head.lastId < last.id) this.head = { lastId: last.id, hmac: last.hmac };
      return { sealed: true, more };
    }
    this.head = { lastId: result.last_id, hmac: result.last_hmac };
    return { sealed: false, more };
  }

  /** A page of the rows waiting in the table that carry the server's tag; `more`: others may follow. */
  private async readWaiting(db: Kysely<Database>): Promise<{ waiting: PendingAudit[]; more: boolean }> {
    const pending = await pendingRows(db, {});
    const waiting = pending.filter((row) => this.carriesTag(row));
    // A full page means more may wait; a page of rows refused for their tag alone does not (it would
    // be read again and again).
    return { waiting, more: pending.length === PENDING_PER_PASS && waiting.length > 0 };
  }

  private carriesTag(row: PendingAudit): boolean {
    if (carriesPendingAuditTag(this.key, row)) return true;
    if (!this.refused.has(row.id)) {
      this.refused.add(row.id);
      console.error(
        `audit: the waiting audit row ${row.id} (${row.action} ${row.entity} ${row.entity_id ?? ''}, ${row.occurred_at}) does not carry this server's tag: it was not written by a server with this AUDIT_HMAC_KEY, and is not sealed. \`pnpm verify-audit\` names it; find out who wrote it`,
      );
    }
    return false;
  }
}

/**
 * The sealer's sweep while a server runs on PostgreSQL: one pass at start (rows a stopped server left
 * waiting) and one every few seconds (rows another instance left when it stopped). Stop it before
 * closing the database; it waits for the pass under way.
 */
export function startAuditSealing(sealer: AuditSealer, everyMs = SWEEP_EVERY_MS): { stop(): Promise<void> } {
  void sealer.sealCommitted();
  const timer = setInterval(() => void sealer.sealCommitted(), everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await sealer.idle();
    },
  };
}

/** How often a running server looks for rows another instance left waiting. */
const SWEEP_EVERY_MS = 5_000;
