/**
 * How long an acknowledged alert stays in sight on the board and the patient page: 12 hours, one
 * day or night shift (docs/clinical.md §9.1, 12-h shifts 07:00–19:00 and 19:00–07:00), so the
 * nurse taking over still sees what was raised and acted on before they came in, with who
 * acknowledged it and the note (issue 15). The shift report lists the alerts of its own window.
 */
export const RECENT_ACKNOWLEDGEMENT_HOURS = 12;

/** The earliest acknowledgement still shown at `now` (ISO, UTC). */
export function recentAcknowledgementSince(now: Date | string): string {
  const ms = typeof now === 'string' ? Date.parse(now) : now.getTime();
  return new Date(ms - RECENT_ACKNOWLEDGEMENT_HOURS * 3_600_000).toISOString();
}

/**
 * An acknowledgement made within the last 12 hours, that one exactly 12 hours old included. One
 * "after now" counts too: a tablet's clock running behind the server's must not hide it.
 */
export function isRecentlyAcknowledged(acknowledgedAt: string, now: Date | string): boolean {
  return Date.parse(acknowledgedAt) >= Date.parse(recentAcknowledgementSince(now));
}
