import { DEFAULT_UNIT_PROTOCOL, hasHardStop } from '@detox/shared';
import { describe, expect, it } from 'vitest';
import { type LastKnown, offlineDoseWarnings } from './offline-dose-check.js';

const NOW = Date.parse('2026-12-02T18:00:00Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();

function known(dosesMg: number[], recordStatus = 'active'): LastKnown {
  return {
    admission: { substances: [{ code: 'heroin' }], lastUseAt: hoursAgo(20), weightKg: 70 },
    doses: dosesMg.map((doseMg, i) => ({
      drug: 'loperamide',
      doseMg,
      givenAt: hoursAgo(i + 1),
      status: 'given',
      recordStatus,
    })),
    scores: [],
    order: {
      id: 1,
      drug: 'loperamide',
      doseMg: 2,
      doseMaxMg: 4,
      route: 'PO',
      kind: 'prn',
      indication: 'loose stools',
      startAt: hoursAgo(7),
    },
    protocol: DEFAULT_UNIT_PROTOCOL,
    zone: 'America/New_York',
  };
}

const proposal = (doseMg: number) => ({
  admissionId: 1,
  orderId: 1,
  drug: 'loperamide' as const,
  doseMg,
  route: 'PO' as const,
  givenAt: new Date(NOW).toISOString(),
  status: 'given' as const,
});

describe('offlineDoseWarnings: the shared rules on the last data read', () => {
  // docs/clinical.md §6.5: loperamide 16 mg in 24 h is a hard stop.
  it('stops a dose that takes loperamide past 16 mg in 24 h', () => {
    expect(hasHardStop(offlineDoseWarnings(proposal(2), known([4, 4, 4, 4])))).toBe(true);
  });
  it('lets a dose that reaches exactly 16 mg through without a hard stop', () => {
    expect(hasHardStop(offlineDoseWarnings(proposal(4), known([4, 4, 4])))).toBe(false);
  });
  it('does not count corrected doses', () => {
    expect(hasHardStop(offlineDoseWarnings(proposal(2), known([4, 4, 4, 4], 'superseded')))).toBe(false);
  });
});
