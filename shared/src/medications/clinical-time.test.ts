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

  // The stored form is read without luxon (issue 16); it must agree with the full reader everywhere.
  it.each([
    '2026-11-22T08:00:00.123Z',
    '2026-03-08T07:00:00.000Z',
    '2024-02-29T23:59:59.999Z',
    '1999-12-31T00:00:00.000Z',
  ])('reads the stored form %s as the full reader does', (iso) => {
    expect(instantMs(iso, 'givenAt')).toBe(Date.parse(iso));
    expect(instantMs(iso, 'givenAt')).toBe(new Date(iso).getTime());
  });

  it.each([
    '2026-02-30T08:00:00.000Z',
    '2025-02-29T08:00:00.000Z',
    '2026-11-22T24:00:00.000Z',
    '2026-11-22T08:60:00.000Z',
    '2026-13-22T08:00:00.000Z',
    '2026-11-22 08:00:00.000Z',
    '2026-11-22T08:00:00.12Z ',
  ])('sends %s (24 characters ending in Z, not the stored form) to the full reader', (iso) => {
    const apiAccepts = isoInstant.safeParse(iso).success;
    if (apiAccepts) expect(instantMs(iso, 'givenAt')).toBe(Date.parse(iso));
    else expect(() => instantMs(iso, 'givenAt')).toThrow(/givenAt must be an ISO-8601 time with an offset/);
  });

  it('refuses a time without an offset rather than reading it in the server zone', () => {
    expect(() => instantMs('2026-11-22T03:00:00', 'takenAt')).toThrow(RangeError);
  });
});
