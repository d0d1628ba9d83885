import { describe, expect, it } from 'vitest';
import { UnitEventHistory } from './unit-event-history.js';
import type { UnitEvent } from './unit-events.js';

const T0 = Date.parse('2026-12-02T07:00:00Z');

function event(admissionId: number, unitId = 1): UnitEvent {
  return { unitId, admissionId, kind: 'assessment', at: new Date(T0).toISOString() };
}

const ids = (events: UnitEvent[] | undefined) => events?.map((e) => e.admissionId);

describe('UnitEventHistory: what a unit missed, from when the instance can say', () => {
  it('names the unit’s events received at or after the time, oldest first, and no other unit’s', () => {
    const history = new UnitEventHistory(T0);
    history.add(event(1), T0 + 1_000);
    history.add(event(2, 9), T0 + 2_000);
    history.add(event(3), T0 + 3_000);
    history.add(event(4), T0 + 4_000);
    expect(ids(history.after(1, T0))).toEqual([1, 3, 4]);
    expect(ids(history.after(1, T0 + 3_000))).toEqual([3, 4]);
    expect(ids(history.after(1, T0 + 4_001))).toEqual([]);
    expect(ids(history.after(9, T0))).toEqual([2]);
  });

  it('cannot answer for a time before the instance started', () => {
    const history = new UnitEventHistory(T0);
    history.add(event(1), T0);
    expect(history.after(1, T0 - 1)).toBeUndefined();
    expect(ids(history.after(1, T0))).toEqual([1]);
  });

  it('drops events older than it keeps, and from then on answers only after the newest dropped', () => {
    const history = new UnitEventHistory(T0, 15 * 60_000, 20_000);
    history.add(event(1), T0 + 1_000);
    history.add(event(2), T0 + 2_000);
    // 15 minutes after the second: the first is older than kept, the second just inside.
    history.add(event(3), T0 + 2_000 + 15 * 60_000);
    expect(history.after(1, T0 + 1_000)).toBeUndefined();
    expect(ids(history.after(1, T0 + 1_001))).toEqual([2, 3]);
    history.add(event(4), T0 + 2_001 + 15 * 60_000);
    expect(history.after(1, T0 + 2_000)).toBeUndefined();
    expect(ids(history.after(1, T0 + 2_001))).toEqual([3, 4]);
  });

  it('keeps at most its count, however fast events come', () => {
    const history = new UnitEventHistory(T0, 15 * 60_000, 3);
    for (let i = 1; i <= 5; i++) history.add(event(i), T0 + i);
    // 1 and 2 dropped: from 2's receipt on it cannot say, from just after it it can.
    expect(history.after(1, T0 + 2)).toBeUndefined();
    expect(ids(history.after(1, T0 + 3))).toEqual([3, 4, 5]);
  });

  it('stays right over many evictions (the dropped part is cut away in batches)', () => {
    const history = new UnitEventHistory(T0, 15 * 60_000, 1_000);
    for (let i = 1; i <= 25_000; i++) history.add(event(i, (i % 3) + 1), T0 + i);
    expect(history.after(1, T0 + 24_000)).toBeUndefined();
    const held = history.after(1, T0 + 24_001) ?? [];
    // The last 1,000 held (24,001-25,000); unit 1's are the multiples of 3 among them: 24,003 … 24,999.
    expect(held).toHaveLength(333);
    expect(held.every((e) => e.unitId === 1 && e.admissionId > 24_000)).toBe(true);
    expect(held.at(-1)?.admissionId).toBe(24_999);
  });

  it('after a gap in what reached the instance, answers only from its end', () => {
    const history = new UnitEventHistory(T0);
    history.add(event(1), T0 + 1_000);
    history.missedUntil(T0 + 5_000);
    history.add(event(2), T0 + 6_000);
    expect(history.after(1, T0 + 4_999)).toBeUndefined();
    expect(ids(history.after(1, T0 + 5_000))).toEqual([2]);
  });
});
