import { describe, expect, it } from 'vitest';
import { actorFor, freshDatabase } from '../../../test-support/databases.js';
import { unitDate } from '../../services/local-day.js';
import { getTimeline } from '../../services/timeline.js';
import { migrateToLatest } from '../migrate.js';
import { seedDemoIfEmpty } from './demo.js';

// The demo is seeded back from the moment the app starts, so where its scores and doses fall on the
// unit's clock changes with the hour it starts at. A physician reading a demo taper plan must find
// every day behind the patient given exactly as planned whatever that hour: CI once failed at 05:57
// in New York, when the first planned day had passed with no dose (the plan's start and the
// simulated doses followed two different rules; demo-taper.ts now decides both).

interface TaperDay {
  patient: string;
  day: string;
  plannedMg: number;
  givenMg: number;
}

async function demoTapersAt(
  now: Date,
): Promise<{ past: TaperDay[]; today: TaperDay[]; startsBeforeOrdered: string[] }> {
  const t = await freshDatabase('sqlite');
  try {
    await migrateToLatest(t.db);
    await seedDemoIfEmpty(t.db, now);
    const physician = await actorFor(t.db, 'physician');
    const admissions = await t.db.selectFrom('taper_plan').select('admission_id').distinct().execute();
    const past: TaperDay[] = [];
    const today: TaperDay[] = [];
    const startsBeforeOrdered: string[] = [];
    for (const { admission_id } of admissions) {
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
    return { past, today, startsBeforeOrdered };
  } finally {
    await t.close();
  }
}

describe('the demo taper plans, whatever the hour the demo is loaded at', () => {
  // Every 65 minutes over a day and a bit: the demo's "now" lands in every hour of the unit's day,
  // at different minutes past it, 10:57 UTC among them.
  const starts = Array.from({ length: 24 }, (_, i) => new Date(Date.UTC(2026, 11, 5, 0, 7) + i * 65 * 60_000));

  it.each(starts.map((now) => [now.toISOString(), now] as const))(
    'loaded at %s: each past day given as planned, today no more than planned, no plan before its order',
    async (_label, now) => {
      const { past, today, startsBeforeOrdered } = await demoTapersAt(now);
      expect(past.length + today.length, 'the demo plans have days up to today').toBeGreaterThan(0);
      for (const day of past) expect(day, `${day.patient}, ${day.day}`).toMatchObject({ givenMg: day.plannedMg });
      for (const day of today) expect(day.givenMg, `${day.patient}, today`).toBeLessThanOrEqual(day.plannedMg);
      expect(startsBeforeOrdered).toEqual([]);
    },
    60_000,
  );
});
