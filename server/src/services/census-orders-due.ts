import {
  type ChartedDose,
  type InstrumentId,
  type LatestVitals,
  type OrdersDueSummary,
  type ScoreReading,
  type UnitProtocol,
  type UsedSubstance,
  ordersDue,
  ordersDueSummary,
} from '@detox/shared';
import { type Kysely, sql } from 'kysely';
import type { AssessmentRow, Database } from '../db/database.js';
import { idsInShape, runInShape, shapeOf } from '../db/id-list-shapes.js';
import { notCorrected } from './not-corrected.js';
import { orderFacts } from './order-records.js';
import { dueInputOf } from './orders-due.js';
import { taperPlansByAdmission } from './taper-plans.js';

/**
 * The census board's medication column for a whole unit (issue 16): what orders.due says for each
 * patient, counted, read for every bed at once instead of one orders.due call per bed (nine queries
 * each). The facts go through the same dueInputOf and the same shared ordersDue as orders.due.
 *
 * Scores: the rules read only the newest score of an instrument at or before the instant (the
 * COWS for the buprenorphine gate, and each PRN trigger's instrument: score-trigger.ts), and the
 * newest vital signs; so exactly those are read, by index from the newest row, not the stay's history.
 */
export interface BoardStay {
  id: number;
  admitted_at: string;
  last_use_at: string;
  weight_kg: number | null;
}

export async function boardOrdersDue(
  db: Kysely<Database>,
  unit: { timeZone: string; protocol: UnitProtocol },
  stays: readonly BoardStay[],
  read: { substances: ReadonlyMap<number, UsedSubstance[]>; doses: ReadonlyMap<number, ChartedDose[]> },
  now: Date,
): Promise<Map<number, OrdersDueSummary>> {
  const result = new Map<number, OrdersDueSummary>();
  if (stays.length === 0) return result;
  const ids = stays.map((s) => s.id);
  const [facts, plans] = await Promise.all([orderFacts(db, { admissionIds: ids }), taperPlansByAdmission(db, ids)]);
  const ordersOf = new Map<number, (typeof facts)[number]['order'][]>();
  // Every stay needs its newest COWS (the buprenorphine gate); a PRN triggered by another instrument needs that one too.
  const instruments = new Map<InstrumentId, Set<number>>([['COWS', new Set(ids)]]);
  for (const f of facts) {
    const admissionId = f.row.admission_id;
    ordersOf.set(admissionId, [...(ordersOf.get(admissionId) ?? []), f.order]);
    const trigger = f.order.trigger?.instrument;
    if (trigger && trigger !== 'COWS') {
      const needing = instruments.get(trigger) ?? new Set<number>();
      needing.add(admissionId);
      instruments.set(trigger, needing);
    }
  }
  const readings = await newestReadings(db, ids, instruments, now.toISOString());

  for (const stay of stays) {
    const mine = readings.filter((r) => r.admission_id === stay.id);
    const vitals = mine.find((r) => r.kind === 'vitals');
    const input = dueInputOf(
      {
        admission: stay,
        timeZone: unit.timeZone,
        protocol: unit.protocol,
        orders: ordersOf.get(stay.id) ?? [],
        doses: read.doses.get(stay.id) ?? [],
        scores: mine
          .filter((r) => r.kind === 'score')
          .map((r): ScoreReading => ({ instrument: r.instrument, total: r.total, takenAt: r.taken_at })),
        latestVitals: vitals ? vitalsOf(vitals) : undefined,
        plans: plans.get(stay.id) ?? new Map(),
        substances: read.substances.get(stay.id) ?? [],
      },
      now,
    );
    result.set(stay.id, ordersDueSummary(ordersDue(input)));
  }
  return result;
}

type Reading = Pick<
  AssessmentRow,
  'admission_id' | 'instrument' | 'total' | 'taken_at' | 'heart_rate' | 'systolic' | 'diastolic'
> & { kind: 'score' | 'vitals' };

function vitalsOf(r: Reading): LatestVitals {
  return { takenAt: r.taken_at, heartRate: r.heart_rate, systolic: r.systolic, diastolic: r.diastolic };
}

/**
 * In one query: for each stay, its newest active score at or before `at` on each instrument asked
 * for, and its newest active score with vital signs (what orders.due's own read finds). Each lookup
 * walks the (admission_id, taken_at) index from the newest row.
 */
async function newestReadings(
  db: Kysely<Database>,
  ids: readonly number[],
  instruments: ReadonlyMap<InstrumentId, ReadonlySet<number>>,
  at: string,
): Promise<Reading[]> {
  const newest = (condition: ReturnType<typeof sql>) => sql`(
    select a2.id from assessment a2
    where a2.admission_id = x.id and a2.taken_at <= ${at} and ${condition}
      and ${notCorrected('assessment', 'a2.id')}
    order by a2.taken_at desc, a2.id desc limit 1)`;
  // Every list padded to one length and the instruments in one order: the query comes in a few texts,
  // which PostgreSQL keeps prepared (db/id-list-shapes.ts).
  const length = shapeOf(ids.length);
  const lists = [...instruments]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([instrument, stays]) => ({ instrument, stays: idsInShape([...stays], length) }));
  const all = idsInShape(ids, length);
  const lookups = [
    ...lists.map(
      ({ instrument, stays }) => sql`
        select x.id as admission_id, ${newest(sql`a2.instrument = ${instrument}`)} as assessment_id, 'score' as kind
        from admission x where x.id in (${sql.join(stays)})`,
    ),
    sql`
      select x.id as admission_id, ${newest(sql`(a2.heart_rate is not null or a2.systolic is not null)`)} as assessment_id, 'vitals' as kind
      from admission x where x.id in (${sql.join(all)})`,
  ];
  return runInShape(
    db,
    sql<Reading>`
    select a.admission_id, a.instrument, a.total, a.taken_at, a.heart_rate, a.systolic, a.diastolic, found.kind
    from (${sql.join(lookups, sql` union all `)}) found
    join assessment a on a.id = found.assessment_id`.compile(db),
    all,
    ...lists.map((l) => l.stays),
  );
}
