import { describe, expect, it } from 'vitest';
import { assessmentsDue } from './assessment-due.js';

const base = {
  admittedAt: '2026-03-07T20:00:00.000Z',
  prnGivenAt: [] as string[],
  intervalMinutes: 240,
  prnReassessMinutes: 60,
  from: '2026-03-08T00:00:00.000Z',
  until: '2026-03-08T11:00:00.000Z',
};

describe('assessmentsDue', () => {
  it('is not overdue when a score is taken exactly at its due time, and is one minute after', () => {
    const onTime = assessmentsDue({ ...base, assessedAt: ['2026-03-07T20:00:00.000Z', '2026-03-08T00:00:00.000Z', '2026-03-08T04:00:00.000Z', '2026-03-08T08:00:00.000Z'] });
    expect(onTime.episodes).toEqual([]);
    expect(onTime.next).toEqual({ at: '2026-03-08T12:00:00.000Z', because: 'routine' });
    const late = assessmentsDue({ ...base, assessedAt: ['2026-03-07T20:00:00.000Z', '2026-03-08T00:01:00.000Z'] });
    expect(late.episodes[0]).toEqual({ dueAt: '2026-03-08T00:00:00.000Z', because: 'routine', assessedAt: '2026-03-08T00:01:00.000Z', minutesLate: 1 });
  });

  it('brings the due time forward after a PRN dose given since the last score, and lists it as pending until scored', () => {
    const result = assessmentsDue({ ...base, admittedAt: '2026-03-08T08:00:00.000Z', assessedAt: ['2026-03-08T08:00:00.000Z'], prnGivenAt: ['2026-03-08T08:30:00.000Z'], until: '2026-03-08T09:00:00.000Z' });
    expect(result.next).toEqual({ at: '2026-03-08T09:30:00.000Z', because: 'after-prn' });
    expect(result.pendingReassessments).toEqual([{ givenAt: '2026-03-08T08:30:00.000Z', dueAt: '2026-03-08T09:30:00.000Z' }]);
    expect(result.episodes).toEqual([]);
  });

  it('reports an episode that began before the shift and ended in it, but not one that ended before it', () => {
    const result = assessmentsDue({ ...base, assessedAt: ['2026-03-07T20:30:00.000Z', '2026-03-08T01:00:00.000Z'], until: '2026-03-08T05:00:00.000Z' });
    // Due on admission at 20:00, taken 20:30 (before the shift: left out); due 00:30, taken 01:00.
    expect(result.episodes).toEqual([{ dueAt: '2026-03-08T00:30:00.000Z', because: 'routine', assessedAt: '2026-03-08T01:00:00.000Z', minutesLate: 30 }]);
  });

  it('has the first score due on admission', () => {
    const result = assessmentsDue({ ...base, admittedAt: '2026-03-08T10:00:00.000Z', assessedAt: [] });
    expect(result.episodes).toEqual([{ dueAt: '2026-03-08T10:00:00.000Z', because: 'admission', assessedAt: null, minutesLate: 60 }]);
  });
});
