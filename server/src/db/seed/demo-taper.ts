import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import { appendAuditEvent } from '../../services/audit.js';
import type { Database } from '../database.js';
import type { PlannedDose } from './demo-patients.js';

/**
 * The demo physician's buprenorphine taper plan, written when the taper is ordered (right after the
 * first induction dose): 12 mg on the first taper morning, 2 mg less each day (docs/clinical.md §6.2,
 * a within-detox taper over about 6 days from a day-2 total of up to 16 mg), one dose at 08:00 on the
 * unit's clock. The plan decides the taper doses the simulation charts, so the chart's planned and
 * given agree day by day whatever the hour the demo is loaded at, and every dose counted is charted
 * against its order.
 */
export const DEMO_TAPER_MG = [12, 10, 8, 6, 4, 2] as const;

/** The taper's daily dose, given at 08:00 on the unit's clock (the taper order's time). */
const TAPER_HOUR = 8;
/** The morning round's first score, from which that day's taper dose is charted. */
const MORNING_ROUND_HOUR = 6;
/**
 * Further induction doses may follow the first for this long while withdrawal persists (demo.ts),
 * on the day of the first; the taper starts the first morning after (docs/clinical.md §6.2: day 2
 * onwards).
 */
export const INDUCTION_WINDOW_HOURS = 8;
/** The taper order starts this long before its first 08:00, so that morning's dose is its first. */
const ORDER_LEAD_HOURS = 1;

export interface TaperDose {
  dose: PlannedDose;
  givenAt: Date;
}

export class DemoTaperPlan {
  /** The first induction dose, and the taper's first 08:00 that it decides (firstMorningAfter). */
  private induction: { at: Date; firstMorning: DateTime } | null = null;
  private chartedDays = 0;
  /** Minutes past 08:00 the next day's dose is given, drawn once for that day. */
  private minutesLate: number | null = null;

  constructor(private readonly timeZone: string) {}

  /**
   * The first buprenorphine induction dose, charted as given: the physician then writes the plan
   * and the taper order. Returns when the order starts: shortly before the plan's first dose, so no
   * earlier 08:00 falls due.
   */
  inductionGiven(givenAt: Date): Date {
    this.induction ??= { at: givenAt, firstMorning: firstMorningAfter(givenAt, this.timeZone) };
    return this.induction.firstMorning.minus({ hours: ORDER_LEAD_HOURS }).toJSDate();
  }

  /**
   * Whether a further induction dose may be given then: within the induction window and before the
   * taper's first date, so a taper day holds its one planned dose and nothing else.
   */
  allowsInduction(givenAt: Date): boolean {
    if (!this.induction) return true;
    const windowEnds = this.induction.at.getTime() + INDUCTION_WINDOW_HOURS * 3_600_000;
    return givenAt.getTime() < windowEnds && givenAt.getTime() < this.induction.firstMorning.startOf('day').toMillis();
  }

  /** The plan's first date on the unit's calendar. */
  startDate(): string | null {
    return this.induction?.firstMorning.toISODate() ?? null;
  }

  /**
   * The taper dose to chart after a score taken at `takenAt`, if any: the next plan day's, once its
   * morning round has come, given at 08:00 and a few minutes, and only if that is not after `now`.
   */
  dueAfterScore(takenAt: Date, now: Date, random: () => number): TaperDose | null {
    const first = this.induction?.firstMorning;
    const mg = DEMO_TAPER_MG[this.chartedDays];
    if (!first || mg === undefined) return null;
    const morning = first.plus({ days: this.chartedDays }).set({ hour: TAPER_HOUR });
    if (takenAt.getTime() < morning.set({ hour: MORNING_ROUND_HOUR }).toMillis()) return null;
    this.minutesLate ??= 2 + random() * 13;
    const givenAt = new Date(morning.toMillis() + this.minutesLate * 60_000);
    if (givenAt > now) return null;
    return { dose: { drug: 'buprenorphine', doseMg: mg, route: 'SL', indication: `Taper: ${mg} mg daily` }, givenAt };
  }

  /** The day's dose was charted (given or held) or refused by the rules: the next day's comes next. */
  charted(): void {
    this.chartedDays += 1;
    this.minutesLate = null;
  }

  async write(trx: Transaction<Database>, admissionId: number, physicianId: number): Promise<void> {
    const start = this.startDate();
    if (!this.induction || !start) return;
    const at = new Date(this.induction.at.getTime() + 2 * 60_000).toISOString();
    const row = await trx
      .insertInto('taper_plan')
      .values({
        admission_id: admissionId,
        drug: 'buprenorphine',
        days: JSON.stringify(DEMO_TAPER_MG.map((totalMg, i) => ({ day: i + 1, totalMg }))),
        start_date: start,
        supersedes_id: null,
        change_reason: null,
        recorded_by: physicianId,
        recorded_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAuditEvent(trx, {
      occurred_at: at,
      user_id: physicianId,
      user_role: 'physician',
      action: 'create',
      entity: 'taper-plan',
      entity_id: row.id,
      outcome: 'success',
      address: 'demo-seed',
    });
  }
}

/**
 * The first taper dose's 08:00: the first once the induction window has passed, on a later date
 * than the first induction dose.
 */
function firstMorningAfter(firstInductionAt: Date, timeZone: string): DateTime {
  const induction = DateTime.fromJSDate(firstInductionAt, { zone: timeZone });
  const windowEnds = induction.plus({ hours: INDUCTION_WINDOW_HOURS });
  const inductionDate = induction.toISODate() ?? '';
  let morning = windowEnds.set({ hour: TAPER_HOUR, minute: 0, second: 0, millisecond: 0 });
  while (morning < windowEnds || (morning.toISODate() ?? '') <= inductionDate)
    morning = morning.plus({ days: 1 }).set({ hour: TAPER_HOUR });
  return morning;
}
