import { describe, expect, it } from 'vitest';
import { precipitatedWithdrawal } from './precipitated-withdrawal.js';

const DOSE = { givenAt: '2026-06-10T10:00:00Z', doseMg: 4 };
const clock = (iso: string) => iso.slice(11, 16);
const cows = (id: number, takenAt: string, total: number) => ({ id, takenAt, total });
const check = (scores: ReturnType<typeof cows>[]) => precipitatedWithdrawal(DOSE, scores, clock);

describe('precipitated withdrawal after the first buprenorphine dose (docs/clinical.md §5, §6.2)', () => {
  it('no first dose: nothing', () => {
    expect(precipitatedWithdrawal(undefined, [cows(1, '2026-06-10T10:30:00Z', 40)], clock)).toBeNull();
  });

  it('rise from the pre-dose COWS: 5 points nothing, exactly 6 alerts, 7 alerts', () => {
    const pre = cows(1, '2026-06-10T09:45:00Z', 10);
    expect(check([pre, cows(2, '2026-06-10T10:45:00Z', 15)])).toBeNull();
    expect(check([pre, cows(2, '2026-06-10T10:45:00Z', 16)])).toEqual({
      assessmentId: 2,
      message:
        'Possible precipitated withdrawal: COWS rose from 10 to 16 after the first buprenorphine dose (4 mg at 10:00). Tell the physician now.',
    });
    expect(check([pre, cows(2, '2026-06-10T10:45:00Z', 17)])?.assessmentId).toBe(2);
  });

  it('the watch is 2 h: exactly 2 h after counts, a minute later does not; a COWS at the dose time is the baseline', () => {
    const pre = cows(1, '2026-06-10T10:00:00Z', 10);
    expect(check([pre, cows(2, '2026-06-10T12:00:00Z', 20)])?.assessmentId).toBe(2);
    expect(check([pre, cows(2, '2026-06-10T12:01:00Z', 20)])).toBeNull();
  });

  it('the latest COWS before the dose is the baseline', () => {
    const scores = [
      cows(1, '2026-06-10T06:00:00Z', 2),
      cows(2, '2026-06-10T09:50:00Z', 12),
      cows(3, '2026-06-10T10:40:00Z', 17),
    ];
    expect(check(scores)).toBeNull();
  });

  it('no pre-dose COWS: 24 nothing, exactly 25 (moderately severe) alerts, 30 alerts', () => {
    expect(check([cows(5, '2026-06-10T10:30:00Z', 24)])).toBeNull();
    expect(check([cows(5, '2026-06-10T10:30:00Z', 25)])).toEqual({
      assessmentId: 5,
      message:
        'Possible precipitated withdrawal: COWS 25 (moderately severe or worse) within 2 h of the first buprenorphine dose (4 mg at 10:00), with no COWS before the dose to compare. Tell the physician now.',
    });
    expect(check([cows(5, '2026-06-10T10:30:00Z', 30)])?.assessmentId).toBe(5);
  });

  it('order of charting does not matter: the scores are sorted by when they were taken', () => {
    const scores = [cows(9, '2026-06-10T10:50:00Z', 18), cows(3, '2026-06-10T09:40:00Z', 11)];
    expect(check(scores)?.assessmentId).toBe(9);
  });
});
