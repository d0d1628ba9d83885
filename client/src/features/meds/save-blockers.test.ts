import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type DoseDraft, doseProblem, givenAtProblem, saveBlockers } from './save-blockers.js';

const ready: DoseDraft = {
  hasOrder: true,
  dose: '0.1',
  timeProblem: null,
  status: 'given',
  holdReason: '',
  correcting: false,
  correctionReason: '',
  hardStop: false,
  needsOverride: false,
  overrideReason: '',
};

describe('why Save is not possible yet', () => {
  it('has nothing to say about a complete dose', () => {
    expect(saveBlockers(ready)).toEqual([]);
  });

  it('says an empty dose needs a value', () => {
    expect(saveBlockers({ ...ready, dose: '' })).toEqual(['enter the dose in mg']);
    expect(doseProblem('0')).toBe('the dose must be a number of mg above 0');
    expect(doseProblem('abc')).toBe('the dose must be a number of mg above 0');
  });

  it('asks for the order, the hold reason and the correction reason', () => {
    expect(saveBlockers({ ...ready, hasOrder: false })).toEqual(['choose the order this dose is charted against']);
    expect(saveBlockers({ ...ready, status: 'held', holdReason: ' ' })).toEqual(['say why it was held']);
    expect(saveBlockers({ ...ready, status: 'refused', holdReason: 'declined' })).toEqual([]);
    expect(saveBlockers({ ...ready, correcting: true, correctionReason: 'ab' })).toEqual([
      'say why this record is corrected',
    ]);
  });

  it('points at the hard stop, and asks for an override reason only when there is none', () => {
    expect(saveBlockers({ ...ready, hardStop: true, needsOverride: true })).toEqual([
      'this dose cannot be given: see the check at the dose',
    ]);
    expect(saveBlockers({ ...ready, needsOverride: true, overrideReason: 'no' })).toEqual([
      'give an override reason for the protocol check',
    ]);
    expect(saveBlockers({ ...ready, needsOverride: true, overrideReason: 'BP 124/78 at the bedside' })).toEqual([]);
  });
});

describe('the charting time, checked as it is typed', () => {
  const zone = 'America/New_York';
  const now = DateTime.fromISO('2026-12-02T10:00', { zone }).toMillis();

  it('accepts now and the past', () => {
    expect(givenAtProblem('2026-12-02T10:00', zone, now)).toBeNull();
    expect(givenAtProblem('2026-12-01T23:10', zone, now)).toBeNull();
  });

  it('accepts the five minutes of clock drift the server allows, and not one minute more', () => {
    expect(givenAtProblem('2026-12-02T10:05', zone, now)).toBeNull();
    expect(givenAtProblem('2026-12-02T10:06', zone, now)).toMatch(/^this time is in the future \(it is now 10:00\)/);
  });

  it('asks for a time when there is none', () => {
    expect(givenAtProblem('', zone, now)).toBe('enter the time it was given');
    expect(givenAtProblem('2026-13-40T99:00', zone, now)).toBe(
      'enter the time given as HH:MM on the 24 h clock, such as 08:48',
    );
    // What the day list and a half-typed clock make: "8:4" is not a time yet.
    expect(givenAtProblem('2026-12-02T8:4', zone, now)).toBe(
      'enter the time given as HH:MM on the 24 h clock, such as 08:48',
    );
    expect(givenAtProblem('2026-12-02T', zone, now)).toBe(
      'enter the time given as HH:MM on the 24 h clock, such as 08:48',
    );
  });
});
