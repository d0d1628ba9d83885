import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import { appendAuditEvent } from '../../services/audit.js';
import type { Database } from '../database.js';

/**
 * The demo physician's buprenorphine taper plan, written when the taper is ordered (right after the
 * first induction dose): 12 mg on the first taper morning, 2 mg less each day (docs/clinical.md §6.2,
 * the same totals the simulated course gives, demo.ts), starting on the date of the first taper dose.
 * So the chart's planned and given agree day by day, and every dose counted is charted against its
 * order.
 */
export const DEMO_TAPER_MG = [12, 10, 8, 6, 4, 2] as const;

export class DemoTaperPlan {
  private orderedAt: Date | null = null;
  private lastInductionAt: Date | null = null;
  private firstTaperAt: Date | null = null;

  constructor(private readonly timeZone: string) {}

  /** A buprenorphine dose charted as given: induction doses and taper doses move the plan's start. */
  given(indication: string, givenAt: Date): void {
    if (indication.startsWith('Induction')) {
      this.orderedAt ??= givenAt;
      this.lastInductionAt = givenAt;
    } else if (indication.startsWith('Taper')) {
      this.firstTaperAt ??= givenAt;
    }
  }

  /**
   * The plan's first date: the date of the first taper dose; before it is given, the first morning
   * (06:00-11:00, when the simulation gives it) at least 12 h after the last induction dose.
   */
  startDate(): string | null {
    if (this.firstTaperAt) return DateTime.fromJSDate(this.firstTaperAt, { zone: this.timeZone }).toISODate();
    if (!this.lastInductionAt) return null;
    const earliest = DateTime.fromJSDate(this.lastInductionAt, { zone: this.timeZone }).plus({ hours: 12 });
    return (earliest.hour >= 11 ? earliest.plus({ days: 1 }) : earliest).toISODate();
  }

  async write(trx: Transaction<Database>, admissionId: number, physicianId: number): Promise<void> {
    const start = this.startDate();
    if (!this.orderedAt || !start) return;
    const at = new Date(this.orderedAt.getTime() + 2 * 60_000).toISOString();
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
