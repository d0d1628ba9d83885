import { describe, expect, it } from 'vitest';
import { RECENT_ACKNOWLEDGEMENT_HOURS, isRecentlyAcknowledged, recentAcknowledgementSince } from './recent-alerts.js';

const NOW = '2026-12-02T19:00:00.000Z';
const hoursAgo = (h: number) => new Date(Date.parse(NOW) - h * 3_600_000).toISOString();

describe('recently acknowledged alerts stay in sight for one 12-hour shift', () => {
  it('is twelve hours', () => {
    expect(RECENT_ACKNOWLEDGEMENT_HOURS).toBe(12);
    expect(recentAcknowledgementSince(NOW)).toBe('2026-12-02T07:00:00.000Z');
    expect(recentAcknowledgementSince(new Date(NOW))).toBe('2026-12-02T07:00:00.000Z');
  });

  it.each([
    [0, true],
    [11.99, true],
    [12, true],
    [12 + 1 / 60, false],
    [48, false],
  ])('acknowledged %d h ago: shown %s', (hours, shown) => {
    expect(isRecentlyAcknowledged(hoursAgo(hours), NOW)).toBe(shown);
  });

  it('shows an acknowledgement stamped after "now" (a tablet clock behind the server)', () => {
    expect(isRecentlyAcknowledged(hoursAgo(-0.5), NOW)).toBe(true);
  });
});
