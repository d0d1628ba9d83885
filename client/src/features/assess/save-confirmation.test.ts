import { describe, expect, it } from 'vitest';
import { clockText, saveConfirmation } from './save-confirmation.js';

const ZONE = 'America/New_York';
const NOW = Date.parse('2026-12-02T14:00:00Z'); // 09:00 in New York
const SAVED = {
  id: 7,
  instrument: 'COWS',
  total: 7,
  bandLabel: 'Mild',
  takenAt: '2026-12-02T13:48:00Z',
  corrected: false,
};

describe('saveConfirmation', () => {
  it('says what was saved, when, and when the next one is due', () => {
    expect(saveConfirmation(SAVED, { at: '2026-12-02T15:48:00Z', why: 'every 4 h' }, ZONE, NOW)).toBe(
      'COWS 7 mild saved 08:48, next due 10:48 (every 4 h)',
    );
  });

  it('leaves out the next time while it is not known, and says a correction is one', () => {
    expect(saveConfirmation(SAVED, null, ZONE, NOW)).toBe('COWS 7 mild saved 08:48');
    expect(saveConfirmation({ ...SAVED, corrected: true, total: 13, bandLabel: 'Moderate' }, null, ZONE, NOW)).toBe(
      'COWS 13 moderate correction saved 08:48',
    );
  });

  it('adds the date for a time on another day of the unit’s calendar', () => {
    expect(clockText('2026-12-02T04:59:00Z', ZONE, NOW)).toBe('01 Dec 23:59');
    expect(clockText('2026-12-02T05:00:00Z', ZONE, NOW)).toBe('00:00');
    expect(clockText('2026-12-03T05:00:00Z', ZONE, NOW)).toBe('03 Dec 00:00');
  });
});
