import { describe, expect, it } from 'vitest';
import type { TimelineData } from '../../lib/api-types.js';
import { orderEvents } from './order-markers.js';
import { plannedSteps, taperSeries } from './taper-course.js';

const entry = (date: string, fromHours: number, plannedMg: number, givenMg: number) =>
  ({
    day: 0,
    date,
    drug: 'buprenorphine',
    plannedMg,
    givenMg,
    stayDay: 0,
    stayDayLabel: `Stay day (${date})`,
    planId: 1,
    planDay: 1,
    fromHours,
    toHours: fromHours + 24,
  }) as TimelineData['taper'][number];

describe('taperSeries', () => {
  it('keeps what was given on past days and today, and leaves days to come as "not yet" (null), not 0', () => {
    // Now: noon on 2 December in New York.
    const now = Date.parse('2026-12-02T12:00:00-05:00');
    const [series] = taperSeries(
      [entry('2026-12-01', 10, 12, 12), entry('2026-12-02', 34, 10, 4), entry('2026-12-03', 58, 8, 0)],
      'America/New_York',
      now,
    );
    expect(series?.days.map((d) => [d.date, d.when, d.givenMg])).toEqual([
      ['2026-12-01', 'past', 12],
      ['2026-12-02', 'today', 4],
      ['2026-12-03', 'future', null],
    ]);
  });
});

describe('plannedSteps', () => {
  it('draws each day flat from its midnight to the next, and breaks the line over a day with no plan', () => {
    const now = Date.parse('2026-12-01T12:00:00-05:00');
    const [series] = taperSeries(
      [entry('2026-12-01', 10, 12, 0), entry('2026-12-02', 34, 10, 0), entry('2026-12-04', 82, 4, 0)],
      'America/New_York',
      now,
    );
    expect(plannedSteps(series?.days ?? [])).toEqual([
      { h: 10, mg: 12 },
      { h: 34, mg: 12 },
      { h: 34, mg: 10 },
      { h: 58, mg: 10 },
      { h: 58, mg: null },
      { h: 82, mg: 4 },
      { h: 106, mg: 4 },
    ]);
  });
});

describe('orderEvents', () => {
  const order = (patch: Partial<TimelineData['orders'][number]>) =>
    ({
      id: 1,
      drug: 'clonidine',
      doseMg: 0.1,
      route: 'PO',
      kind: 'prn',
      startAt: '',
      startHours: 5,
      discontinuedAt: null,
      discontinueReason: null,
      endAt: null,
      endHours: null,
      ...patch,
    }) as TimelineData['orders'][number];

  it('marks a start, a discontinuation, and an end time only once it has passed', () => {
    const events = orderEvents(
      [
        order({ id: 1 }),
        order({ id: 2, discontinuedAt: 'x', endAt: 'x', endHours: 20, discontinueReason: 'low BP' }),
        order({ id: 3, endAt: 'y', endHours: 30 }),
        order({ id: 4, endAt: 'z', endHours: 90 }),
      ],
      { from: 0, to: 100 },
      40,
    );
    expect(events.map((e) => [e.order.id, e.kind, e.h])).toEqual([
      [1, 'started', 5],
      [2, 'started', 5],
      [2, 'discontinued', 20],
      [3, 'started', 5],
      [3, 'completed', 30],
      [4, 'started', 5],
    ]);
  });

  it('leaves out what falls outside the axis', () => {
    expect(orderEvents([order({ startHours: -3 })], { from: 0, to: 10 }, 10)).toEqual([]);
  });
});
