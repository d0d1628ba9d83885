import { describe, expect, it } from 'vitest';
import { isoInstant } from '../api/time.js';
import { instantMs } from './clinical-time.js';

describe('instantMs', () => {
  // The dose rules and the API once disagreed on "+0500"; they now read instants one way.
  const samples = [
    '2026-11-22T03:00:00-05:00',
    '2026-11-22T08:00:00Z',
    '2026-11-22T08:00:00.123Z',
    '2026-11-22T03:00:00+0500',
    '2026-11-22T03:00:00+05',
    '2026-11-22T03:00:00',
    '2026-11-22',
    'yesterday',
  ];

  it.each(samples)('accepts %s exactly when the API does', (iso) => {
    const apiAccepts = isoInstant.safeParse(iso).success;
    if (apiAccepts) expect(instantMs(iso, 'givenAt')).toBe(Date.parse(iso));
    else expect(() => instantMs(iso, 'givenAt')).toThrow(/givenAt must be an ISO-8601 time with an offset/);
  });

  it('refuses a time without an offset rather than reading it in the server zone', () => {
    expect(() => instantMs('2026-11-22T03:00:00', 'takenAt')).toThrow(RangeError);
  });
});
