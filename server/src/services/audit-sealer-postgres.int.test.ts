import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVELOPMENT_AUDIT_HMAC_KEY } from '../audit/audit-key.js';
import { verifyAuditChain } from '../audit/verify-chain.js';
import { connect } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { type TestDatabase, dialectAvailable, freshDatabase } from '../../test-support/databases.js';
import { StatementCounter } from '../../test-support/statement-counter.js';
import { AuditSealer, insertPendingAudits } from './audit-sealer-postgres.js';
import {
  type AuditActor,
  type AuditEventFields,
  appendAuditEvent,
  auditRead,
  auditSealerOf,
  auditedTransaction,
  sealedAuditRows,
  writeAudit,
} from './audit.js';

// Issue 16: on PostgreSQL a write's audit row goes into audit_pending with the write, and the sealer
// moves it into the chain after the COMMIT. What must hold: a write is answered with its row already
// in the chain; instances writing at once keep one chain; rows a stopped server left waiting are
// sealed by the next pass; a waiting row the server did not write is never sealed, and verify-audit
// names it; the previous version's one-call append (tools, the demo seed, an old instance during a
// rolling upgrade) chains with the sealer's rows.

const KEY = DEVELOPMENT_AUDIT_HMAC_KEY;
const NURSE: AuditActor = { id: 2, role: 'nurse', address: '10.0.0.7' };

async function chainRows(db: Kysely<Database>) {
  return db.selectFrom('audit_event').select(['id', 'action', 'entity', 'entity_id']).orderBy('id').execute();
}

/** The chain's rows as (entity, entity id), in chain order. */
async function chainedEntities(db: Kysely<Database>) {
  return (await chainRows(db)).map((r) => [r.entity, r.entity_id]);
}

async function waiting(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom('audit_pending')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** An audit event by the nurse. */
function event(entity: string, entityId: number, action: AuditEventFields['action'] = 'create'): AuditEventFields {
  return { user_id: 2, user_role: 'nurse', action, entity, entity_id: entityId, outcome: 'success', address: null };
}

/** An audited write of entity id `id`, as writeOnce runs one. */
function auditedWrite(db: Kysely<Database>, id: number): Promise<number> {
  return auditedTransaction(db, async (trx) => {
    await writeAudit(trx, NURSE, 'create', 'assessment', id);
    return id;
  });
}

describe.skipIf(!dialectAvailable('postgres'))('audit rows sealed after their writes commit (PostgreSQL)', () => {
  let t: TestDatabase | undefined;
  const others: Kysely<Database>[] = [];
  async function fresh(): Promise<Kysely<Database>> {
    t = await freshDatabase('postgres');
    await migrateToLatest(t.db);
    return t.db;
  }
  /** A second server's handle on the same database: a pool and a sealer of its own. */
  function anotherInstance(): Kysely<Database> {
    if (!t?.url) throw new Error('no PostgreSQL database');
    const { db } = connect(t.url, '', KEY);
    others.push(db);
    return db;
  }
  afterEach(async () => {
    for (const db of others.splice(0)) await db.destroy();
    await t?.close();
    t = undefined;
  });

  it('answers a write once its row is in the chain, and two instances writing and reading at once keep one chain', async () => {
    const one = await fresh();
    const two = anotherInstance();
    const answered: Promise<void>[] = [];
    for (let i = 1; i <= 60; i++) {
      const db = i % 2 === 0 ? one : two;
      answered.push(
        auditedWrite(db, i).then(async (id) => {
          // Answered: its row is in the chain already, not waiting.
          const row = await one
            .selectFrom('audit_event')
            .select('id')
            .where('entity', '=', 'assessment')
            .where('entity_id', '=', id)
            .executeTakeFirst();
          expect(row, `the audit row of write ${id}`).toBeDefined();
        }),
      );
      answered.push(auditRead(i % 3 === 0 ? one : two, NURSE, 'timeline', i));
    }
    await Promise.all(answered);
    const rows = await chainRows(one);
    expect(rows.filter((r) => r.action === 'create')).toHaveLength(60);
    expect(rows.filter((r) => r.action === 'read')).toHaveLength(60);
    expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i + 1));
    expect(await waiting(one)).toBe(0);
    expect(await verifyAuditChain(one, KEY)).toMatchObject({ ok: true, rows: 120, waitingRows: 0 });
  });

  it('seals the rows a stopped server left waiting at the next pass, and verify-audit counts them meanwhile', async () => {
    const db = await fresh();
    await auditedWrite(db, 1);
    // A server that committed a write and stopped before its pass: the rows wait, tagged.
    await db
      .transaction()
      .execute((trx) => insertPendingAudits(trx, KEY, [event('administration', 7), event('alert', 3)]));
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 1, waitingRows: 2 });
    // Another server's sweep (startAuditSealing runs one at start and every few seconds).
    await auditSealerOf(anotherInstance()).sealCommitted();
    expect(await chainedEntities(db)).toEqual([
      ['assessment', 1],
      ['administration', 7],
      ['alert', 3],
    ]);
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 3, waitingRows: 0 });
  });

  it("seals a write's rows as the server inserted them, without reading the table: rows others left wait for a sweep", async () => {
    const db = await fresh();
    await db.transaction().execute((trx) => insertPendingAudits(trx, KEY, [event('administration', 7)]));
    await auditedWrite(db, 1);
    // The write's pass sealed its own row only: reading the table back cost every write a round
    // trip, and with two instances each tried to seal the other's rows too.
    expect(await chainedEntities(db)).toEqual([['assessment', 1]]);
    expect(await waiting(db)).toBe(1);
    await auditSealerOf(db).sealCommitted();
    expect(await chainedEntities(db)).toEqual([
      ['assessment', 1],
      ['administration', 7],
    ]);
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 2, waitingRows: 0 });
  });

  it("answers a write whose rows another instance's sweep sealed first, each row in the chain once", async () => {
    const db = await fresh();
    // A write's rows, committed; before its own pass runs, another instance's sweep seals them.
    const rows = await db
      .transaction()
      .execute((trx) => insertPendingAudits(trx, KEY, [event('assessment', 1), event('alert', 2)]));
    await auditSealerOf(anotherInstance()).sealCommitted();
    await db.transaction().execute((trx) => insertPendingAudits(trx, KEY, [event('administration', 3)]));
    // audit_seal() refuses rows no longer waiting; the pass then seals what still waits instead, and a
    // read queued with it is sealed in that pass, not failed.
    const sealer = auditSealerOf(db);
    await Promise.all([sealer.sealCommitted(rows), sealer.sealReads([event('timeline', 4, 'read')])]);
    expect(await chainedEntities(db)).toEqual([
      ['assessment', 1],
      ['alert', 2],
      ['administration', 3],
      ['timeline', 4],
    ]);
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 4, waitingRows: 0 });
  });

  it('seals after the head another instance told of (the relay carries it) in one call; an older head changes nothing, a wrong one costs a refused call', async () => {
    const one = await fresh();
    const two = anotherInstance();
    // The second instance's sealer, counting its calls of audit_seal() (a write's pass reads nothing).
    const calls = new StatementCounter();
    const sealer = new AuditSealer(two.withPlugin(calls), KEY, (head, events) => sealedAuditRows(KEY, head, events));
    const writeOnTwo = async (id: number) => {
      const rows = await two.transaction().execute((trx) => insertPendingAudits(trx, KEY, [event('assessment', id)]));
      calls.count = 0;
      await sealer.sealCommitted(rows);
      return calls.count;
    };
    await writeOnTwo(1);
    await auditedWrite(one, 2);
    // Not told: the head it saw last has moved, so the first call is refused and the rows sealed again.
    expect(await writeOnTwo(3)).toBe(2);
    await auditedWrite(one, 4);
    const told = auditSealerOf(one).knownHead();
    expect(told?.lastId).toBe(4);
    if (told) sealer.heardHead(told);
    expect(await writeOnTwo(5)).toBe(1);
    // Its own head coming back, or a message delayed, is older than what it knows: ignored.
    sealer.heardHead({ lastId: 2, hmac: 'an older head' });
    expect(await writeOnTwo(6)).toBe(1);
    // A wrong head is refused under the chain's lock, never sealed against.
    sealer.heardHead({ lastId: 99, hmac: 'not the head' });
    expect(await writeOnTwo(7)).toBe(2);
    expect((await chainedEntities(one)).map(([, id]) => id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await verifyAuditChain(one, KEY)).toMatchObject({ ok: true, rows: 7, waitingRows: 0 });
  });

  it('a sweep behind more waiting rows than a pass reads is done once all of them are sealed, in the order written', async () => {
    const db = await fresh();
    const left = Array.from({ length: 1_100 }, (_, i) => event('timeline', i + 1, 'read'));
    await db.transaction().execute((trx) => insertPendingAudits(trx, KEY, left));
    await auditSealerOf(db).sealCommitted();
    const rows = await chainRows(db);
    expect(rows.map((r) => r.entity_id)).toEqual(left.map((r) => r.entity_id));
    expect(await waiting(db)).toBe(0);
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 1_100, waitingRows: 0 });
  });

  it('starts the next pass at once for a row queued just as a pass ends', async () => {
    const db = await fresh();
    const sealer = auditSealerOf(db);
    // Queued by the code that a finished pass resumes, before anything else runs: on the hospital
    // bench such reads waited for the next request to start a pass, up to the 5-s sweep (max 5 s).
    const outcome = await sealer
      .sealCommitted()
      .then(() =>
        Promise.race([
          sealer.sealReads([event('timeline', 1, 'read')]).then(() => 'sealed'),
          new Promise((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2_000)),
        ]),
      );
    expect(outcome).toBe('sealed');
  });

  it('never seals a waiting row without the server tag, names it in verify-audit, and goes on sealing the rest', async () => {
    const db = await fresh();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      await db
        .insertInto('audit_pending')
        .values({
          id: '3f0e8a52-0c55-4c1b-9a34-2d7f1b6e9c01',
          occurred_at: new Date().toISOString(),
          user_id: 3,
          user_role: 'physician',
          action: 'read',
          entity: 'timeline',
          entity_id: 12,
          outcome: 'success',
          address: '10.0.0.66',
          tag: 'made-up',
        })
        .execute();
      // A row that was tagged, then edited: its tag no longer matches.
      await db.transaction().execute((trx) => insertPendingAudits(trx, KEY, [event('assessment', 5)]));
      await db.updateTable('audit_pending').set({ entity_id: 6 }).where('tag', '!=', 'made-up').execute();

      await auditedWrite(db, 1);
      await auditedWrite(db, 2);
      // Sweeps read the table, as each server runs one at start and every few seconds.
      await auditSealerOf(db).sealCommitted();
      await auditSealerOf(db).sealCommitted();
      expect((await chainRows(db)).map((r) => r.entity_id)).toEqual([1, 2]);
      expect(await waiting(db)).toBe(2);
      const report = await verifyAuditChain(db, KEY);
      expect(report).toMatchObject({ ok: false, rows: 2, waitingRows: 2 });
      expect(report.badWaitingId).toBeDefined();
      expect(report.problem).toMatch(/does not match its tag/);
      // Each refused row is reported once, however many passes see it.
      expect(errors.filter((e) => String(e).includes("does not carry this server's tag"))).toHaveLength(2);
    } finally {
      console.error = original;
    }
  });

  it("chains the previous version's one-call appends and the sealer's passes together", async () => {
    const db = await fresh();
    const other = anotherInstance();
    const done: Promise<unknown>[] = [];
    for (let i = 1; i <= 30; i++) {
      done.push(auditedWrite(i % 2 === 0 ? db : other, i));
      // audit_append(), inside a transaction: the demo seed, the command-line tools, an instance of
      // the previous release during a rolling upgrade.
      done.push(
        db.transaction().execute((trx) =>
          appendAuditEvent(trx, {
            user_id: 1,
            user_role: 'admin',
            action: 'update',
            entity: 'user',
            entity_id: i,
            outcome: 'success',
            address: null,
          }),
        ),
      );
    }
    await Promise.all(done);
    const rows = await chainRows(db);
    expect(rows).toHaveLength(60);
    expect(await verifyAuditChain(db, KEY)).toMatchObject({ ok: true, rows: 60, waitingRows: 0 });
  });
});
