import { describe, expect, it } from 'vitest';
import {
  KEPT_FRESH_MS,
  KeptByAdmission,
  RENEW_AFTER_MS,
  RENEW_EARLIEST_MS,
  renewFromFor,
} from './kept-by-admission.js';

// Issue 16: views computed together must not come due for renewal in the same second every cycle.
describe('when kept values are renewed ahead', () => {
  it('renews from an instant between RENEW_EARLIEST_MS and RENEW_AFTER_MS, both ahead of KEPT_FRESH_MS', () => {
    expect(renewFromFor(1_000, 0)).toBe(1_000 + RENEW_EARLIEST_MS);
    expect(renewFromFor(1_000, 0.5)).toBe(1_000 + (RENEW_EARLIEST_MS + RENEW_AFTER_MS) / 2);
    expect(renewFromFor(1_000, 0.999_999)).toBeLessThan(1_000 + RENEW_AFTER_MS);
    expect(RENEW_EARLIEST_MS).toBeLessThan(RENEW_AFTER_MS);
    expect(RENEW_AFTER_MS).toBeLessThan(KEPT_FRESH_MS);
  });

  it('values computed at one instant come due at different instants, none before RENEW_EARLIEST_MS or after RENEW_AFTER_MS', () => {
    const kept = new KeptByAdmission<string>();
    const computedAt = 1_000_000;
    const ids = Array.from({ length: 60 }, (_, i) => i + 1);
    for (const id of ids)
      kept.put(kept.ticket(), id, 'basis', 'view', { computedAt, validUntil: computedAt + KEPT_FRESH_MS });
    const dueAt = (ms: number) => ids.filter((id) => kept.dueForRenewal(id, computedAt + ms)).length;
    expect(dueAt(RENEW_EARLIEST_MS - 1)).toBe(0);
    expect(dueAt(RENEW_AFTER_MS)).toBe(ids.length);
    // Half-way, some are due and some are not (all 60 on one side: about 2 in 10^18).
    const halfWay = dueAt((RENEW_EARLIEST_MS + RENEW_AFTER_MS) / 2);
    expect(halfWay).toBeGreaterThan(0);
    expect(halfWay).toBeLessThan(ids.length);
  });

  it('values given one renewFrom (a batch computed together) come due together', () => {
    const kept = new KeptByAdmission<string>();
    const computedAt = 1_000_000;
    const renewFrom = renewFromFor(computedAt, 0.25);
    for (const id of [1, 2, 3])
      kept.put(kept.ticket(), id, 'basis', 'row', { computedAt, validUntil: computedAt + KEPT_FRESH_MS, renewFrom });
    expect([1, 2, 3].map((id) => kept.dueForRenewal(id, renewFrom - 1))).toEqual([false, false, false]);
    expect([1, 2, 3].map((id) => kept.dueForRenewal(id, renewFrom))).toEqual([true, true, true]);
  });
});
