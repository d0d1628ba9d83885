import { DateTime } from 'luxon';
import { isoInstant } from '../api/time.js';

/**
 * Reads an ISO-8601 instant and insists on an offset. A time without one would be read in whatever
 * zone the server or tablet happens to run in, which is how a 19:00 assessment turns into 00:00
 * (architecture.md: times cross the wire as ISO-8601 strings with an offset). The check is the
 * API's own `isoInstant`, so these functions accept exactly what the procedures accept.
 */
export function parseInstant(iso: string, what: string): DateTime {
  const parsed = DateTime.fromISO(iso, { setZone: true });
  if (!isoInstant.safeParse(iso).success || !parsed.isValid) {
    throw new RangeError(
      `${what} must be an ISO-8601 time with an offset, such as 2026-11-22T03:00:00-05:00 (got "${iso}")`,
    );
  }
  return parsed;
}
