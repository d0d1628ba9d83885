import type { Severity } from '../instruments/index.js';
import { DEFAULT_UNIT_PROTOCOL } from '../medications/protocol.js';
import { describe, expect, it } from 'vitest';
import { type DueInput, assessmentsDue } from './assessment-due.js';
import type { ScoreAt } from './reassessment-schedule.js';

const base: Omit<DueInput, 'scores'> = {
  admittedAt: '2026-03-07T20:00:00.000Z',
  prnDoses: [],
  buprenorphineGivenAt: [],
  dangerAlerts: [],
  protocol: DEFAULT_UNIT_PROTOCOL,
  from: '2026-03-08T00:00:00.000Z',
  until: '2026-03-08T11:00:00.000Z',
};

const BANDS: [number, Severity][] = [
  [25, 'moderately-severe'],
  [13, 'moderate'],
  [5, 'mild'],
  [0, 'none'],
];
/** A COWS at `takenAt` with the Wesson & Ling band of its total (7 unless given). */
function cows(takenAt: string, total = 7): ScoreAt {
  return { takenAt, instrument: 'COWS', total, severity: BANDS.find(([min]) => total >= min)?.[1] ?? 'none' };
}
const ROUTINE_7 = 'every 4 h while COWS is below moderate (7, mild)';

describe('assessmentsDue', () => {
  it('is not overdue when a score is taken exactly at its due time, and is one minute after', () => {
    const onTime = assessmentsDue({
      ...base,
      scores: [
        '2026-03-07T20:00:00.000Z',
        '2026-03-08T00:00:00.000Z',
        '2026-03-08T04:00:00.000Z',
        '2026-03-08T08:00:00.000Z',
      ].map((t) => cows(t)),
    });
    expect(onTime.episodes).toEqual([]);
    expect(onTime.next).toEqual({ at: '2026-03-08T12:00:00.000Z', because: 'routine', why: ROUTINE_7 });
    const late = assessmentsDue({
      ...base,
      scores: [cows('2026-03-07T20:00:00.000Z'), cows('2026-03-08T00:01:00.000Z')],
    });
    expect(late.episodes[0]).toEqual({
      dueAt: '2026-03-08T00:00:00.000Z',
      because: 'routine',
      why: ROUTINE_7,
      assessedAt: '2026-03-08T00:01:00.000Z',
      minutesLate: 1,
    });
  });

  it("brings the due time forward after a PRN dose given since the last score, by the drug's protocol time, and lists it as pending until scored", () => {
    const result = assessmentsDue({
      ...base,
      admittedAt: '2026-03-08T08:00:00.000Z',
      scores: [cows('2026-03-08T08:00:00.000Z')],
      prnDoses: [{ drug: 'clonidine', givenAt: '2026-03-08T08:30:00.000Z' }],
      until: '2026-03-08T09:00:00.000Z',
    });
    expect(result.next).toEqual({
      at: '2026-03-08T09:30:00.000Z',
      because: 'after-prn',
      why: '1 h after PRN clonidine',
    });
    expect(result.pendingReassessments).toEqual([
      { givenAt: '2026-03-08T08:30:00.000Z', dueAt: '2026-03-08T09:30:00.000Z' },
    ]);
    expect(result.episodes).toEqual([]);
  });

  it('reports an episode that began before the shift and ended in it, but not one that ended before it', () => {
    const result = assessmentsDue({
      ...base,
      scores: [cows('2026-03-07T20:30:00.000Z'), cows('2026-03-08T01:00:00.000Z')],
      until: '2026-03-08T05:00:00.000Z',
    });
    // Due on admission at 20:00, taken 20:30 (before the shift: left out); due 00:30, taken 01:00.
    expect(result.episodes).toEqual([
      {
        dueAt: '2026-03-08T00:30:00.000Z',
        because: 'routine',
        why: ROUTINE_7,
        assessedAt: '2026-03-08T01:00:00.000Z',
        minutesLate: 30,
      },
    ]);
  });

  it('has the first score due on admission', () => {
    const result = assessmentsDue({ ...base, admittedAt: '2026-03-08T10:00:00.000Z', scores: [] });
    expect(result.episodes).toEqual([
      {
        dueAt: '2026-03-08T10:00:00.000Z',
        because: 'admission',
        why: 'first score on admission',
        assessedAt: null,
        minutesLate: 60,
      },
    ]);
  });

  it('a COWS of 26 makes the next one due an hour later; taken 1 min late is an episode, on time is not', () => {
    const severe = cows('2026-03-08T02:00:00.000Z', 26);
    const why = 'every hour while COWS is moderate or worse (26, moderately severe)';
    const onTime = assessmentsDue({
      ...base,
      scores: [cows('2026-03-08T00:00:00.000Z'), severe, cows('2026-03-08T03:00:00.000Z')],
      until: '2026-03-08T03:30:00.000Z',
    });
    expect(onTime.episodes).toEqual([]);
    expect(onTime.next).toEqual({ at: '2026-03-08T07:00:00.000Z', because: 'routine', why: ROUTINE_7 });
    const late = assessmentsDue({
      ...base,
      scores: [cows('2026-03-08T00:00:00.000Z'), severe, cows('2026-03-08T03:01:00.000Z')],
      until: '2026-03-08T03:30:00.000Z',
    });
    expect(late.episodes).toEqual([
      {
        dueAt: '2026-03-08T03:00:00.000Z',
        because: 'severity',
        why,
        assessedAt: '2026-03-08T03:01:00.000Z',
        minutesLate: 1,
      },
    ]);
    const still = assessmentsDue({
      ...base,
      scores: [cows('2026-03-08T00:00:00.000Z'), severe],
      until: '2026-03-08T03:30:00.000Z',
    });
    expect(still.next).toEqual({ at: '2026-03-08T03:00:00.000Z', because: 'severity', why });
    expect(still.episodes).toEqual([
      { dueAt: '2026-03-08T03:00:00.000Z', because: 'severity', why, assessedAt: null, minutesLate: 30 },
    ]);
  });

  it('the first buprenorphine dose makes a score due 1 h later; later doses do not', () => {
    const result = assessmentsDue({
      ...base,
      scores: [cows('2026-03-08T00:00:00.000Z', 10), cows('2026-03-08T02:10:00.000Z', 10)],
      buprenorphineGivenAt: ['2026-03-08T01:00:00.000Z', '2026-03-08T03:00:00.000Z'],
      until: '2026-03-08T04:00:00.000Z',
    });
    expect(result.episodes).toEqual([
      {
        dueAt: '2026-03-08T02:00:00.000Z',
        because: 'after-first-buprenorphine',
        why: '1 h after first buprenorphine dose',
        assessedAt: '2026-03-08T02:10:00.000Z',
        minutesLate: 10,
      },
    ]);
    expect(result.next).toMatchObject({ at: '2026-03-08T06:10:00.000Z', because: 'routine' });
  });

  it('a danger alert makes scores hourly while open; acknowledging it returns to the band', () => {
    const alert = { raisedAt: '2026-03-08T01:05:00.000Z', acknowledgedAt: null };
    const scores = [cows('2026-03-08T01:00:00.000Z')];
    const at = { admittedAt: '2026-03-08T01:00:00.000Z' };
    const open = assessmentsDue({ ...base, ...at, scores, dangerAlerts: [alert], until: '2026-03-08T02:30:00.000Z' });
    expect(open.next).toEqual({
      at: '2026-03-08T02:05:00.000Z',
      because: 'danger-alert',
      why: 'every hour while a danger alert is open',
    });
    expect(open.episodes).toEqual([
      {
        dueAt: '2026-03-08T02:05:00.000Z',
        because: 'danger-alert',
        why: 'every hour while a danger alert is open',
        assessedAt: null,
        minutesLate: 25,
      },
    ]);
    // Acknowledged at 02:20 (overdue since 02:05): the board stopped calling it overdue then, so no episode.
    const acknowledged = assessmentsDue({
      ...base,
      ...at,
      scores,
      dangerAlerts: [{ ...alert, acknowledgedAt: '2026-03-08T02:20:00.000Z' }],
      until: '2026-03-08T02:30:00.000Z',
    });
    expect(acknowledged.episodes).toEqual([]);
    expect(acknowledged.next).toEqual({ at: '2026-03-08T05:00:00.000Z', because: 'routine', why: ROUTINE_7 });
  });

  it("follows the unit's schedule", () => {
    const protocol = {
      ...DEFAULT_UNIT_PROTOCOL,
      reassessment: { ...DEFAULT_UNIT_PROTOCOL.reassessment, routineMinutes: 120 },
    } as DueInput['protocol'];
    const result = assessmentsDue({
      ...base,
      protocol,
      scores: [cows('2026-03-08T00:00:00.000Z')],
      until: '2026-03-08T01:00:00.000Z',
    });
    expect(result.next).toEqual({
      at: '2026-03-08T02:00:00.000Z',
      because: 'routine',
      why: 'every 2 h while COWS is below moderate (7, mild)',
    });
  });
});
