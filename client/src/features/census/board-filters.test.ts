import { describe, expect, it } from 'vitest';
import type { CensusRow } from '../../lib/api-types.js';
import { boardIllness, filterAndSort, isOverdue } from './board-filters.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');

function row(bed: string, patch: Partial<CensusRow> = {}): CensusRow {
  return {
    admissionId: Number(bed.replace(/\D/g, '')) || 99,
    bed,
    patient: { id: 1, name: `Patient ${bed}`, mrn: `MRN-${bed}` },
    substance: 'Heroin',
    opioidKind: 'short',
    lastUseAt: '2026-12-01T12:00:00Z',
    admittedAt: '2026-12-01T14:00:00Z',
    hoursSinceLastUse: 24,
    phase: 'peak',
    phaseLabel: 'Peak',
    latestScore: null,
    recentTotals: [],
    trend: null,
    nextAssessmentDue: '2026-12-02T13:00:00Z',
    dueBecause: 'routine',
    dueWhy: 'every 4 h while COWS is below moderate (7, mild)',
    overdue: false,
    lastDoses: [],
    openAlerts: [],
    acknowledgedAlerts: [],
    ...patch,
  } as CensusRow;
}

function scored(
  bed: string,
  total: number,
  severity: NonNullable<CensusRow['latestScore']>['severity'],
  patch: Partial<CensusRow> = {},
): CensusRow {
  return row(bed, {
    latestScore: {
      id: 1,
      instrument: 'COWS',
      total,
      severity,
      severityLabel: severity,
      takenAt: '2026-12-02T10:00:00Z',
    },
    recentTotals: [total],
    ...patch,
  });
}

describe('isOverdue: the next assessment time has passed, now', () => {
  it('is overdue one millisecond after the due time, not at it', () => {
    expect(isOverdue(row('1', { nextAssessmentDue: new Date(NOW - 1).toISOString() }), NOW)).toBe(true);
    expect(isOverdue(row('1', { nextAssessmentDue: new Date(NOW).toISOString() }), NOW)).toBe(false);
    expect(isOverdue(row('1', { nextAssessmentDue: new Date(NOW + 1).toISOString() }), NOW)).toBe(false);
  });
});

describe('filterAndSort', () => {
  const rows = [
    scored('10', 8, 'mild'),
    scored('2', 26, 'moderately-severe'),
    row('3'),
    scored('1', 14, 'moderate', { nextAssessmentDue: '2026-12-02T11:00:00Z' }),
  ];

  it('sorts beds as numbers, not text', () => {
    expect(filterAndSort([...rows], 'all', false, 'bed', NOW).map((r) => r.bed)).toEqual(['1', '2', '3', '10']);
  });

  it('filters by band at its lower edge: moderate keeps moderate and worse, drops mild and unscored', () => {
    expect(filterAndSort([...rows], 'moderate', false, 'bed', NOW).map((r) => r.bed)).toEqual(['1', '2']);
    expect(filterAndSort([...rows], 'mild', false, 'bed', NOW).map((r) => r.bed)).toEqual(['1', '2', '10']);
    expect(filterAndSort([...rows], 'severe', false, 'bed', NOW).map((r) => r.bed)).toEqual(['2']);
  });

  it('keeps only the overdue when asked', () => {
    expect(filterAndSort([...rows], 'all', true, 'bed', NOW).map((r) => r.bed)).toEqual(['1']);
  });

  it('sorts by score (unscored last), and by due time', () => {
    expect(filterAndSort([...rows], 'all', false, 'score', NOW).map((r) => r.bed)).toEqual(['2', '1', '10', '3']);
    expect(filterAndSort([...rows], 'all', false, 'due', NOW).map((r) => r.bed)).toEqual(['1', '2', '3', '10']);
  });

  it('puts the worst first: unstable, then watcher, then the higher band and total', () => {
    const danger = scored('4', 3, 'none', {
      openAlerts: [
        {
          code: 'precipitated',
          message: 'Possible precipitated withdrawal',
          severity: 'danger',
          since: '2026-12-02T11:00:00Z',
          dueAt: null,
        },
      ],
    });
    const sorted = filterAndSort([...rows, danger], 'all', false, 'worst', NOW).map((r) => r.bed);
    expect(sorted.slice(0, 2).sort()).toEqual(['2', '4']);
    expect(sorted.indexOf('1')).toBeLessThan(sorted.indexOf('10'));
  });
});

describe('boardIllness: the handoff rule on what the board holds', () => {
  it('calls moderately severe unstable, moderate a watcher, mild with nothing else stable', () => {
    expect(boardIllness(scored('1', 25, 'moderately-severe'), NOW).severity).toBe('unstable');
    expect(boardIllness(scored('1', 13, 'moderate'), NOW).severity).toBe('watcher');
    expect(boardIllness(scored('1', 12, 'mild'), NOW).severity).toBe('stable');
  });

  it('counts a rise over the recent totals: 6 unstable, 5 and 3 watcher, 2 stable', () => {
    expect(boardIllness(scored('1', 11, 'mild', { recentTotals: [5, 8, 11] }), NOW).severity).toBe('unstable');
    expect(boardIllness(scored('1', 10, 'mild', { recentTotals: [5, 8, 10] }), NOW).severity).toBe('watcher');
    expect(boardIllness(scored('1', 8, 'mild', { recentTotals: [5, 8] }), NOW).severity).toBe('watcher');
    expect(boardIllness(scored('1', 7, 'mild', { recentTotals: [5, 7] }), NOW).severity).toBe('stable');
  });

  it('an open danger alert is unstable; a pending reassessment counts only through the overdue flag', () => {
    const alert = {
      code: 'x',
      message: 'Possible precipitated withdrawal',
      severity: 'danger' as const,
      since: '2026-12-02T11:00:00Z',
      dueAt: null,
    };
    expect(boardIllness(scored('1', 6, 'mild', { openAlerts: [alert] }), NOW).severity).toBe('unstable');
    const reassess = { ...alert, code: 'reassess-clonidine', dueAt: '2026-12-02T13:00:00Z' };
    expect(boardIllness(scored('1', 6, 'mild', { openAlerts: [reassess] }), NOW).severity).toBe('stable');
    expect(boardIllness(scored('1', 6, 'mild', { nextAssessmentDue: '2026-12-02T11:59:00Z' }), NOW)).toEqual({
      severity: 'watcher',
      reasons: ['assessment overdue'],
    });
  });

  it('an alert acknowledged on the board (still shown, issue 15) no longer makes the patient unstable', () => {
    const acknowledged = {
      id: 7,
      code: 'precipitated-withdrawal',
      message: 'Possible precipitated withdrawal',
      severity: 'danger' as const,
      since: '2026-12-02T11:00:00Z',
      acknowledgedBy: 'Dr Osei',
      acknowledgedAt: '2026-12-02T11:20:00Z',
      note: 'Seen',
    };
    expect(boardIllness(scored('1', 6, 'mild', { acknowledgedAlerts: [acknowledged] }), NOW).severity).toBe('stable');
  });

  it('a patient with no score yet is a watcher', () => {
    expect(boardIllness(row('1'), NOW).reasons).toContain('no withdrawal score charted yet');
  });
});
