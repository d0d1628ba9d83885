import { describe, expect, it } from 'vitest';
import { actorFor, demoDatabase } from '../../../test-support/databases.js';
import { unitDate } from '../../services/local-day.js';
import { dueForAdmission } from '../../services/orders-due.js';
import { getTimeline } from '../../services/timeline.js';

// The demo is seeded back from the moment the app starts, so where its scores and doses fall on the
// unit's clock changes with the hour it starts at. A physician reading a demo taper plan must find
// every day behind the patient given exactly as planned whatever that hour: CI once failed at 05:57
// in New York, when the first planned day had passed with no dose (the plan's start and the
// simulated doses followed two different rules; demo-taper.ts now decides both). Nor may the taper
// order show a dose overdue from before the plan's first day, as the board once did at 07:30.

interface TaperDay {
  patient: string;
  day: string;
  plannedMg: number;
  givenMg: number;
}

interface DemoAt {
  past: TaperDay[];
  today: TaperDay[];
  startsBeforeOrdered: string[];
  /** Scheduled doses left overdue: the demo's nurses give every dose on time. */
  overdue: string[];
}

/** The demo loaded at `now`, read as the physician would read it then. */
async function demoAt(now: Date): Promise<DemoAt> {
  const t = await demoDatabase('sqlite', now);
  try {
    const physician = await actorFor(t.db, 'physician');
    const withPlans = await t.db.selectFrom('taper_plan').select('admission_id').distinct().execute();
    const past: TaperDay[] = [];
    const today: TaperDay[] = [];
    const startsBeforeOrdered: string[] = [];
    for (const { admission_id } of withPlans) {
      const timeline = await getTimeline(t.db, physician, admission_id, now);
      const todayDate = unitDate(now, timeline.timeZone);
      for (const d of timeline.taper) {
        const day = { patient: timeline.patientName, day: d.stayDayLabel, plannedMg: d.plannedMg, givenMg: d.givenMg };
        if (d.date < todayDate) past.push(day);
        else if (d.date === todayDate) today.push(day);
      }
      for (const plan of timeline.taperPlans)
        if (plan.startDate < unitDate(plan.recordedAt, timeline.timeZone))
          startsBeforeOrdered.push(`${timeline.patientName}: ${plan.startDate}`);
    }
    const overdue: string[] = [];
    const admissions = await t.db
      .selectFrom('admission')
      .innerJoin('patient', 'patient.id', 'admission.patient_id')
      .select(['admission.id', 'patient.name'])
      .execute();
    for (const admission of admissions)
      for (const dose of (await dueForAdmission(t.db, admission.id, now)).due)
        if (dose.state === 'overdue') overdue.push(`${admission.name}: ${dose.drug}, ${dose.why}`);
    return { past, today, startsBeforeOrdered, overdue };
  } finally {
    await t.close();
  }
}

describe('the demo taper plans, whatever the hour the demo is loaded at', () => {
  // Every 31 minutes over a day: the demo's "now" lands in every hour of the unit's day, twice, at
  // different minutes past it (10:58 and 12:31 UTC among them, where the two faults above showed).
  const starts = Array.from({ length: 48 }, (_, i) => new Date(Date.UTC(2026, 11, 5, 0, 7) + i * 31 * 60_000));

  it.each(starts.map((now) => [now.toISOString(), now] as const))(
    'loaded at %s: each past day given as planned, today no more than planned, no plan before its order, no dose overdue',
    async (_label, now) => {
      const { past, today, startsBeforeOrdered, overdue } = await demoAt(now);
      expect(past.length + today.length, 'the demo plans have days up to today').toBeGreaterThan(0);
      for (const day of past) expect(day, `${day.patient}, ${day.day}`).toMatchObject({ givenMg: day.plannedMg });
      for (const day of today) expect(day.givenMg, `${day.patient}, today`).toBeLessThanOrEqual(day.plannedMg);
      expect(startsBeforeOrdered).toEqual([]);
      expect(overdue).toEqual([]);
    },
    60_000,
  );
});
