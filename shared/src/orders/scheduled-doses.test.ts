import { describe, expect, it } from 'vitest';
import { local, minutesBefore } from '../../test-support/medication-context.js';
import type { MedicationOrder } from './order.js';
import { ordersDue } from './orders-due.js';
import { scheduledTimesMs } from './scheduled-doses.js';
import { dose, dueInput } from '../../test-support/orders.js';

/** Scheduled and once orders: due inside the unit's window (default 60 min either side), overdue after. */

const ZONE = 'America/New_York';

function lofexidine(overrides: Partial<MedicationOrder> = {}): MedicationOrder {
  return {
    id: 7,
    drug: 'lofexidine',
    doseMg: 0.54,
    route: 'PO',
    kind: 'scheduled',
    timesOfDay: ['08:00', '14:00', '20:00'],
    startAt: local('2026-06-09T00:00'),
    ...overrides,
  };
}

const wall = (ms: number) =>
  new Date(ms).toLocaleString('en-GB', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: 'short',
    hour12: false,
  });

describe('scheduled times', () => {
  it('times of day stay on the wall clock across the DST fall back; every N hours counts real hours', () => {
    const from = Date.parse(local('2026-10-31T07:00'));
    const to = Date.parse(local('2026-11-01T21:00'));
    expect(scheduledTimesMs(lofexidine(), from, to, ZONE).map(wall)).toEqual([
      '31 Oct, 08:00',
      '31 Oct, 14:00',
      '31 Oct, 20:00',
      '01 Nov, 08:00',
      '01 Nov, 14:00',
      '01 Nov, 20:00',
    ]);
    const every8 = lofexidine({ timesOfDay: null, everyHours: 8, startAt: local('2026-10-31T16:00') });
    // 16:00 EDT + 8 h = 00:00, + 8 h = 08:00 EDT... but the clock falls back at 02:00: 07:00 EST.
    expect(scheduledTimesMs(every8, from, to, ZONE).map(wall)).toEqual([
      '31 Oct, 16:00',
      '01 Nov, 00:00',
      '01 Nov, 07:00',
      '01 Nov, 15:00',
    ]);
  });

  it('nothing after the order ends, nothing before it starts', () => {
    const order = lofexidine({ startAt: local('2026-06-10T09:00'), endAt: local('2026-06-10T20:00') });
    const times = scheduledTimesMs(
      order,
      Date.parse(local('2026-06-10T00:00')),
      Date.parse(local('2026-06-11T23:00')),
      ZONE,
    );
    expect(times.map(wall)).toEqual(['10 Jun, 14:00']);
  });
});

describe('due and overdue', () => {
  // Started at noon: the 14:00 dose is the first.
  const fromNoon = lofexidine({ startAt: local('2026-06-10T12:00') });
  const run = (wallClock: string, doses: ReturnType<typeof dose>[] = [], order = fromNoon) =>
    ordersDue(dueInput({ at: local(wallClock), orders: [order], doses }));

  it('due from 60 min before to 60 min after, both ends included; overdue one minute later', () => {
    expect(run('2026-06-10T12:59').due).toEqual([]);
    expect(run('2026-06-10T13:00').due).toEqual([
      expect.objectContaining({ state: 'due', why: 'scheduled 14:00; on time 13:00–15:00' }),
    ]);
    expect(run('2026-06-10T15:00').due).toEqual([expect.objectContaining({ state: 'due' })]);
    expect(run('2026-06-10T15:01').due).toEqual([
      expect.objectContaining({ state: 'overdue', why: 'scheduled 14:00; overdue since 15:00' }),
    ]);
  });

  it('a dose charted in the window answers the time, given, held or refused', () => {
    expect(run('2026-06-10T15:30', [dose('lofexidine', 0.54, local('2026-06-10T13:05'), 7)]).due).toEqual([]);
    expect(run('2026-06-10T15:30', [dose('lofexidine', 0.54, local('2026-06-10T14:50'), 7, 'held')]).due).toEqual([]);
    // A dose outside the window does not.
    expect(run('2026-06-10T15:30', [dose('lofexidine', 0.54, local('2026-06-10T12:59'), 7)]).due).toHaveLength(1);
  });

  it('lists every missed time of the last 24 h, oldest first, and the next one as upcoming', () => {
    const r = run('2026-06-10T15:30', [dose('lofexidine', 0.54, local('2026-06-10T08:10'), 7)], lofexidine());
    expect(r.due.map((d) => [d.state, d.why])).toEqual([
      ['overdue', 'scheduled 20:00 on 9 Jun; overdue since 21:00 on 9 Jun'],
      ['overdue', 'scheduled 14:00; overdue since 15:00'],
    ]);
    expect(r.upcoming).toEqual([
      expect.objectContaining({ orderId: 7, dueAt: new Date(local('2026-06-10T20:00')).toISOString() }),
    ]);
  });

  it('the unit protocol sets the window', () => {
    const input = dueInput({ at: local('2026-06-10T14:40'), orders: [fromNoon] });
    const r = ordersDue({ ...input, protocol: { ...input.protocol, dueWindowMinutes: 30 } });
    expect(r.due).toEqual([expect.objectContaining({ state: 'overdue', why: 'scheduled 14:00; overdue since 14:30' })]);
  });

  it('a once order is due from its start and stays overdue until charted; given, it is completed', () => {
    const once: MedicationOrder = {
      id: 9,
      drug: 'methadone',
      doseMg: 20,
      route: 'PO',
      kind: 'once',
      startAt: local('2026-06-08T09:00'),
    };
    const at = local('2026-06-10T09:00');
    expect(ordersDue(dueInput({ at, orders: [once] })).due).toEqual([
      expect.objectContaining({ orderId: 9, state: 'overdue' }),
    ]);
    expect(
      ordersDue(dueInput({ at, orders: [once], doses: [dose('methadone', 20, minutesBefore(at, 60), 9)] })).due,
    ).toEqual([]);
  });

  it('hold parameters broken by the latest vitals are shown with the due dose', () => {
    const at = local('2026-06-10T14:00');
    const r = ordersDue(
      dueInput({
        at,
        orders: [lofexidine({ hold: { systolicBelowMmHg: 90 } })],
        latestVitals: { takenAt: minutesBefore(at, 10), systolic: 86, diastolic: 70, heartRate: 70 },
      }),
    );
    expect(r.due[0]?.holds).toEqual(['SBP 86 < 90: hold']);
  });
});
