import { z } from 'zod';

/** Clocks on tablets drift; a charting time up to five minutes ahead is accepted (api.md errors). */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** An ISO-8601 instant with an offset ("2026-11-22T03:00:00-05:00" or "...Z"). */
export const isoInstant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 time with an offset, such as 2026-11-22T03:00:00-05:00',
});

/** An instant that is not in the future (beyond the tolerance) when the request arrives. */
export const pastInstant = isoInstant.refine((value) => Date.parse(value) <= Date.now() + FUTURE_TOLERANCE_MS, {
  error: 'is in the future; enter the time it actually happened',
});

export const isoDate = z.iso.date({ error: 'must be a date such as 1985-04-23' });
