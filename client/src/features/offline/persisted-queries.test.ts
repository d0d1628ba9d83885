import { describe, expect, it } from 'vitest';
import { RECENT_PATIENTS, asLastAnswer, describeKey, recentAdmissions, shouldPersist } from './persisted-queries.js';

describe('describeKey', () => {
  it('reads the procedure and the admission from a tRPC query key', () => {
    expect(describeKey([['assessments', 'list'], { input: { admissionId: 7 }, type: 'query' }])).toEqual({
      procedure: 'assessments.list',
      admissionId: 7,
    });
    expect(describeKey([['auth', 'me'], { type: 'query' }])).toEqual({ procedure: 'auth.me', admissionId: undefined });
  });
});

describe('which answers are kept for offline reading', () => {
  it('keeps the board and the screens’ reference data', () => {
    for (const procedure of ['census.board', 'units.list', 'auth.me', 'instruments.list'])
      expect(shouldPersist({ procedure, admissionId: undefined, updatedAt: 1 }, new Set())).toBe(true);
  });
  it('never keeps dose-check previews, the audit trail, users or reports', () => {
    for (const procedure of ['medications.check', 'audit.list', 'users.list', 'reports.shift'])
      expect(shouldPersist({ procedure, admissionId: 1, updatedAt: 1 }, new Set([1]))).toBe(false);
  });
  it('keeps patient pages only for the most recently opened patients', () => {
    const queries = Array.from({ length: RECENT_PATIENTS + 1 }, (_, i) => ({
      procedure: 'admissions.get',
      admissionId: i + 1,
      updatedAt: 1000 + i,
    }));
    const recent = recentAdmissions(queries);
    expect(recent.size).toBe(RECENT_PATIENTS);
    expect(recent.has(1)).toBe(false); // the oldest one drops out
    expect(recent.has(RECENT_PATIENTS + 1)).toBe(true);
    expect(shouldPersist({ procedure: 'medications.list', admissionId: 1, updatedAt: 5000 }, recent)).toBe(false);
    expect(shouldPersist({ procedure: 'medications.list', admissionId: 2, updatedAt: 5000 }, recent)).toBe(true);
  });
});

describe('a kept answer whose refetch failed without a connection', () => {
  it('is kept as the answer it was, not as the failure', () => {
    const failed = {
      queryHash: '["auth","session"]',
      state: {
        data: { id: 3, name: 'Kofi Mensah, RN' },
        dataUpdateCount: 1,
        dataUpdatedAt: 1_000,
        error: new Error('Failed to fetch'),
        errorUpdateCount: 1,
        errorUpdatedAt: 2_000,
        fetchFailureCount: 1,
        fetchFailureReason: new Error('Failed to fetch'),
        fetchMeta: null,
        isInvalidated: false,
        status: 'error' as const,
        fetchStatus: 'idle' as const,
      },
    };
    const kept = asLastAnswer(failed);
    expect(kept.queryHash).toBe(failed.queryHash);
    expect(kept.state).toMatchObject({
      data: { id: 3, name: 'Kofi Mensah, RN' },
      dataUpdatedAt: 1_000,
      status: 'success',
      fetchStatus: 'idle',
      error: null,
      fetchFailureCount: 0,
      fetchFailureReason: null,
    });
  });
});
