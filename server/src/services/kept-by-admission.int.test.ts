import { recordAssessmentInput } from '@detox/shared';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZERO_COWS } from '../../test-support/cows.js';
import {
  DIALECTS,
  type TestDatabase,
  actorFor,
  demoDatabase,
  dialectAvailable,
  unitIdNamed,
} from '../../test-support/databases.js';
import type { Actor } from './actor.js';
import { recordAssessment } from './assessments.js';
import { KEPT_FRESH_MS, KeptByAdmission, RENEW_AFTER_MS, RENEW_EARLIEST_MS } from './kept-by-admission.js';
import { Renewals } from './renewals.js';
import { type BoardRows, type CensusBoard, censusBoard, rowBasis } from './census.js';
import { currentProtocol } from './protocol.js';
import { jsonTextGiven } from './json-text.js';
import { type Timelines, getTimeline } from './timeline.js';

/** Counts statements, and can run something just before the next one (a change arriving mid-build). */
class Statements implements KyselyPlugin {
  count = 0;
  /** Answers holding a patient's MRN: the stays' records, read to compute rows afresh. */
  patientReads = 0;
  beforeNext: (() => void) | undefined;
  /** Runs whenever the stays' records are read. */
  onPatientRead: (() => void) | undefined;
  transformQuery(args: PluginTransformQueryArgs) {
    this.count++;
    const run = this.beforeNext;
    this.beforeNext = undefined;
    run?.();
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // Seen for every run, compiled-once queries included (those skip transformQuery after the first).
    if (args.result.rows.some((row) => 'mrn' in row)) {
      this.patientReads++;
      this.onPatientRead?.();
    }
    return args.result;
  }
}

/** The board without what is stamped per read (its instant and the audit), for comparing two reads. */
const rowsOf = (board: CensusBoard) => board.rows;

// Issue 16: the board keeps each bed's computed row until that patient's record changes, so a read of
// an unchanged unit costs a few statements (on PostgreSQL its read audit takes a transaction of its own); a changed bed is read again at once, and nothing kept
// outlives KEPT_FRESH_MS or the instant the row turns overdue by itself.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`census board rows kept between reads on ${dialect}`, () => {
    let t: TestDatabase;
    let nurse: Actor;
    let physician: Actor;
    let north: number;

    beforeAll(async () => {
      t = await demoDatabase(dialect);
      nurse = await actorFor(t.db, 'nurse');
      physician = await actorFor(t.db, 'physician');
      north = await unitIdNamed(t.db, 'Detox North');
    });
    afterAll(async () => {
      await t?.close();
    });

    async function chartCows(admissionId: number, total: number, takenAt: Date) {
      const items = { ...ZERO_COWS, pulse: Math.min(total, 4), sweating: Math.min(Math.max(total - 4, 0), 4) };
      return recordAssessment(
        t.db,
        nurse,
        recordAssessmentInput.parse({ admissionId, instrument: 'COWS', takenAt: takenAt.toISOString(), items }),
      );
    }

    it('serves an unchanged unit as computed, in a few statements, and equal to a board read afresh', async () => {
      const cache: BoardRows = new KeptByAdmission();
      const counter = new Statements();
      const counted = t.db.withPlugin(counter);
      const now = new Date();
      const first = await censusBoard(counted, physician, north, now, cache);
      const cold = counter.count;
      expect(counter.patientReads).toBe(1);
      counter.count = 0;
      counter.patientReads = 0;
      const second = await censusBoard(counted, physician, north, new Date(now.getTime() + 1000), cache);
      // Every row kept: the stays are found by the unit's index alone, their records are not read.
      expect(counter.patientReads).toBe(0);
      expect(rowsOf(second)).toEqual(rowsOf(first));
      expect(rowsOf(first)).toEqual(rowsOf(await censusBoard(t.db, physician, north, now)));
      // One lookup (the unit, its open stays, its protocol's version) and the read audit; none of the per-bed reads.
      expect(counter.count).toBeLessThan(cold);
      expect(counter.count).toBeLessThanOrEqual(6);
      // Each answer goes out as the text made from its kept rows (json-text.ts): the same JSON.
      for (const board of [first, second])
        expect(JSON.parse(jsonTextGiven(board)?.toString('utf8') ?? '')).toEqual(JSON.parse(JSON.stringify(board)));
    });

    it('reads a bed again as soon as its record changes', async () => {
      const cache: BoardRows = new KeptByAdmission();
      const before = await censusBoard(t.db, physician, north, new Date(), cache);
      const bed = before.rows[0];
      if (!bed) throw new Error('the demo unit has no patient');
      const saved = await chartCows(bed.admissionId, 6, new Date());
      cache.changed({ admissionId: bed.admissionId });
      const now = new Date();
      const after = await censusBoard(t.db, physician, north, now, cache);
      expect(after.rows.find((r) => r.admissionId === bed.admissionId)?.latestScore?.id).toBe(saved.id);
      expect(rowsOf(after)).toEqual(rowsOf(await censusBoard(t.db, physician, north, now)));
    });

    it('a write whose change was never heard shows within KEPT_FRESH_MS', async () => {
      const cache: BoardRows = new KeptByAdmission();
      const start = new Date();
      const before = await censusBoard(t.db, physician, north, start, cache);
      const bed = before.rows[1] ?? before.rows[0];
      if (!bed) throw new Error('the demo unit has no patient');
      const saved = await chartCows(bed.admissionId, 7, start);
      const unheard = await censusBoard(t.db, physician, north, new Date(start.getTime() + 1000), cache);
      const staleRow = unheard.rows.find((r) => r.admissionId === bed.admissionId);
      // Unless the row turned by itself in that second, it is the one computed before the write.
      if (Date.parse(staleRow?.nextAssessmentDue ?? '') > start.getTime() + 1000) {
        expect(staleRow?.latestScore?.id).not.toBe(saved.id);
      }
      const later = new Date(start.getTime() + KEPT_FRESH_MS);
      const after = await censusBoard(t.db, physician, north, later, cache);
      expect(after.rows.find((r) => r.admissionId === bed.admissionId)?.latestScore?.id).toBe(saved.id);
    });

    it('a change that arrives while the board is being read keeps that bed from being kept', async () => {
      const cache: BoardRows = new KeptByAdmission();
      const counter = new Statements();
      const counted = t.db.withPlugin(counter);
      const before = await censusBoard(t.db, physician, north, new Date());
      const bed = before.rows[2] ?? before.rows[0];
      if (!bed) throw new Error('the demo unit has no patient');
      // The change is heard after the build took its ticket and before it read the beds.
      counter.beforeNext = () => cache.changed({ admissionId: bed.admissionId });
      const now = new Date();
      await censusBoard(counted, physician, north, now, cache);
      const basis = rowBasis((await currentProtocol(t.db, north)).version, before.unit);
      const kept = before.rows.filter((r) => cache.get(r.admissionId, basis, now.getTime()) !== undefined);
      expect(kept.map((r) => r.admissionId)).not.toContain(bed.admissionId);
      expect(kept).toHaveLength(before.rows.length - 1);
    });

    it('a row turns overdue on time: kept no later than its next score falls due', async () => {
      const cache: BoardRows = new KeptByAdmission();
      const now = new Date();
      const board = await censusBoard(t.db, physician, north, now, cache);
      const coming = board.rows.find((r) => !r.overdue && Date.parse(r.nextAssessmentDue) > now.getTime());
      if (!coming) throw new Error('no bed in the demo unit has a score still to come');
      const dueMs = Date.parse(coming.nextAssessmentDue);
      const justAfter = new Date(dueMs + 1);
      const later = await censusBoard(t.db, physician, north, justAfter, cache);
      expect(later.rows.find((r) => r.admissionId === coming.admissionId)?.overdue).toBe(true);
    });

    it('a timeline is served as computed until its stay changes, with its "now" brought to the instant', async () => {
      const timelines: Timelines = new KeptByAdmission();
      const board = await censusBoard(t.db, physician, north, new Date());
      const stay = board.rows[3] ?? board.rows[0];
      if (!stay) throw new Error('the demo unit has no patient');
      const now = new Date();
      const first = await getTimeline(t.db, physician, stay.admissionId, now, timelines);
      expect(first).toEqual(await getTimeline(t.db, physician, stay.admissionId, now));
      // Five seconds on and unchanged: the kept timeline, its hours since last use moved on.
      const soon = new Date(now.getTime() + 5000);
      const kept = await getTimeline(t.db, physician, stay.admissionId, soon, timelines);
      expect(kept).toEqual(await getTimeline(t.db, physician, stay.admissionId, soon));
      expect(kept.hoursNow).toBeCloseTo(first.hoursNow + 5000 / 3_600_000, 2);
      // Sent as the kept text with its "now" in front (json-text.ts): the same JSON as the object's.
      for (const timeline of [first, kept])
        expect(JSON.parse(jsonTextGiven(timeline)?.toString('utf8') ?? '')).toEqual(
          JSON.parse(JSON.stringify(timeline)),
        );

      const saved = await chartCows(stay.admissionId, 5, new Date());
      timelines.changed({ admissionId: stay.admissionId });
      const after = await getTimeline(t.db, physician, stay.admissionId, new Date(), timelines);
      expect(after.assessments.map((a) => a.id)).toContain(saved.id);
    });

    // Renewed ahead (renewals.ts): a value read after RENEW_AFTER_MS is still served, and computed
    // again in the background, so values computed together do not all run out in the same second.
    describe('renewed in the background before they run out', () => {
      /** A renewal that waits for `open`: what is queued behind it waits too. */
      function gate(renewals: Renewals) {
        let opened = false;
        let release = () => {};
        renewals.schedule(
          'gate',
          () =>
            new Promise<void>((resolve) => {
              if (opened) resolve();
              else release = resolve;
            }),
        );
        // Opened before or after the gate's turn came: either way what waits behind it then runs.
        return () => {
          opened = true;
          release();
        };
      }

      /** The unit read now into `cache`, and a bed whose row holds the whole KEPT_FRESH_MS (nothing falls due in it by itself). */
      async function boardWithSteadyBed(db: typeof t.db, cache: BoardRows) {
        const start = new Date();
        const before = await censusBoard(db, physician, north, start, cache);
        const basis = rowBasis((await currentProtocol(t.db, north)).version, before.unit);
        const bed = before.rows.find((r) => cache.get(r.admissionId, basis, start.getTime() + KEPT_FRESH_MS - 1));
        if (!bed) throw new Error('every bed of the demo unit turns within KEPT_FRESH_MS');
        return { start, before, basis, bed };
      }

      it('a board row read after RENEW_AFTER_MS is served as kept, renewed, and then shows a write never heard', async () => {
        const failures: unknown[] = [];
        const renewals = new Renewals((error) => failures.push(error));
        const cache: BoardRows = new KeptByAdmission(renewals);
        const { start, bed } = await boardWithSteadyBed(t.db, cache);
        const saved = await chartCows(bed.admissionId, 7, start);

        const renewAt = new Date(start.getTime() + RENEW_AFTER_MS);
        const served = await censusBoard(t.db, physician, north, renewAt, cache);
        expect(served.rows.find((r) => r.admissionId === bed.admissionId)?.latestScore?.id).not.toBe(saved.id);
        await renewals.idle();

        // Renewed: the next read finds every row kept (no stay's record read) and the write in it.
        const counter = new Statements();
        const after = await censusBoard(
          t.db.withPlugin(counter),
          physician,
          north,
          new Date(renewAt.getTime() + 1),
          cache,
        );
        expect(counter.patientReads).toBe(0);
        expect(after.rows.find((r) => r.admissionId === bed.admissionId)?.latestScore?.id).toBe(saved.id);
        expect(rowsOf(after)).toEqual(
          rowsOf(await censusBoard(t.db, physician, north, new Date(renewAt.getTime() + 1))),
        );
        expect(failures).toEqual([]);
      });

      it('before RENEW_EARLIEST_MS nothing is renewed', async () => {
        const renewals = new Renewals(() => {});
        const cache: BoardRows = new KeptByAdmission(renewals);
        const { start, bed } = await boardWithSteadyBed(t.db, cache);
        const saved = await chartCows(bed.admissionId, 5, start);
        const before = new Date(start.getTime() + RENEW_EARLIEST_MS - 1);
        await censusBoard(t.db, physician, north, before, cache);
        await renewals.idle();
        const still = await censusBoard(t.db, physician, north, before, cache);
        expect(still.rows.find((r) => r.admissionId === bed.admissionId)?.latestScore?.id).not.toBe(saved.id);
      });

      /**
       * A board kept at a start from which no bed of the demo unit turns for RENEW_AFTER_MS, so that a
       * read then finds every row kept. The demo's scores are seeded around the clock (its doses by the
       * unit's local hour), so at some hours a bed falls due within seconds of now; due times are
       * minutes apart, so one of the next few spans has none.
       */
      async function boardWithEveryBedSteady(db: typeof t.db, cache: BoardRows) {
        for (let span = 0; span < 10; span++) {
          const start = new Date(Date.now() + span * RENEW_AFTER_MS);
          const probe: BoardRows = new KeptByAdmission();
          const board = await censusBoard(t.db, physician, north, start, probe);
          const basis = rowBasis((await currentProtocol(t.db, north)).version, board.unit);
          if (board.rows.every((r) => probe.get(r.admissionId, basis, start.getTime() + RENEW_AFTER_MS))) {
            await censusBoard(db, physician, north, start, cache);
            return { start };
          }
        }
        throw new Error('a bed of the demo unit falls due in each of the next ten spans of RENEW_AFTER_MS');
      }

      it("renewals read through the server's background handle, not the requests' one", async () => {
        const background = new Statements();
        const renewals = new Renewals(() => {}, undefined, t.db.withPlugin(background));
        const cache: BoardRows = new KeptByAdmission(renewals);
        const { start } = await boardWithEveryBedSteady(t.db, cache);
        const requests = new Statements();
        await censusBoard(
          t.db.withPlugin(requests),
          physician,
          north,
          new Date(start.getTime() + RENEW_AFTER_MS),
          cache,
        );
        await renewals.idle();
        // The read found every row kept; the renewal it queued read the stays' records in the background.
        expect(requests.patientReads).toBe(0);
        expect(background.patientReads).toBeGreaterThan(0);
      });

      it('a change heard while a renewal computes keeps that row from being kept', async () => {
        const renewals = new Renewals(() => {});
        const cache: BoardRows = new KeptByAdmission(renewals);
        const counter = new Statements();
        const counted = t.db.withPlugin(counter);
        const { start, before, basis, bed } = await boardWithSteadyBed(counted, cache);
        // The renewal queues behind the gate, so it cannot start before the change is armed.
        const open = gate(renewals);
        const renewAt = new Date(start.getTime() + RENEW_AFTER_MS);
        await censusBoard(counted, physician, north, renewAt, cache);
        let heard = false;
        // Heard on the statement after the renewal found which rows are due: while it computes them.
        counter.onPatientRead = () => {
          counter.beforeNext = () => {
            heard = true;
            cache.changed({ admissionId: bed.admissionId });
          };
        };
        open();
        await renewals.idle();
        expect(heard).toBe(true);
        const at = renewAt.getTime() + 1;
        expect(cache.get(bed.admissionId, basis, at)).toBeUndefined();
        // The other rows were renewed: no longer due.
        const others = before.rows.filter((r) => r.admissionId !== bed.admissionId);
        const renewed = others.filter(
          (r) => cache.get(r.admissionId, basis, at) && !cache.dueForRenewal(r.admissionId, at),
        );
        expect(renewed.length).toBeGreaterThan(0);
      });

      it('a timeline read after RENEW_AFTER_MS is served as kept, renewed, and then shows a write never heard', async () => {
        const failures: unknown[] = [];
        const renewals = new Renewals((error) => failures.push(error));
        const timelines: Timelines = new KeptByAdmission(renewals);
        const board = await censusBoard(t.db, physician, north, new Date());
        const stay = board.rows[4] ?? board.rows[0];
        if (!stay) throw new Error('the demo unit has no patient');
        const start = new Date();
        await getTimeline(t.db, physician, stay.admissionId, start, timelines);
        const counter = new Statements();
        const counted = t.db.withPlugin(counter);
        await getTimeline(counted, physician, stay.admissionId, new Date(start.getTime() + 1000), timelines);
        const keptRead = counter.count;
        const saved = await chartCows(stay.admissionId, 6, new Date());

        const renewAt = new Date(start.getTime() + RENEW_AFTER_MS);
        const served = await getTimeline(t.db, physician, stay.admissionId, renewAt, timelines);
        expect(served.assessments.map((a) => a.id)).not.toContain(saved.id);
        await renewals.idle();

        counter.count = 0;
        const after = await getTimeline(
          counted,
          physician,
          stay.admissionId,
          new Date(renewAt.getTime() + 1),
          timelines,
        );
        expect(after.assessments.map((a) => a.id)).toContain(saved.id);
        expect(counter.count).toBe(keptRead);
        expect(failures).toEqual([]);
      });
    });
  });
}
