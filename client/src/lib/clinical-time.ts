import { DateTime } from 'luxon';

/**
 * Clinical times are entered the way every screen shows them: a day ("Wed 02 Dec") and a 24-hour
 * clock ("08:48") in the unit's zone, whatever the device's language would make of a date picker
 * (12-hour "09:47 AM" and month-first dates on a US tablet).
 */

/** "8:48", "08:48", "0848" or "848" as "08:48"; null when it is not a time of day. */
export function parseClockTime(text: string): string | null {
  const match = /^(\d{1,2}):?(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

export interface DayChoice {
  /** yyyy-mm-dd in the unit's zone. */
  value: string;
  /** "Wed 02 Dec (today)". */
  label: string;
}

/**
 * The days a record can be charted for: today and the `back` days before it (late entries), newest
 * first, plus the day of `keep` (a correction's original time) when it is older.
 */
export function dayChoices(now: number, zone: string, back = 6, keep?: string): DayChoice[] {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const days = Array.from({ length: back + 1 }, (_, i) => today.minus({ days: i }));
  const kept = keep ? DateTime.fromISO(keep, { zone }).startOf('day') : null;
  if (kept?.isValid && !days.some((d) => d.hasSame(kept, 'day'))) days.push(kept);
  return days.map((day) => {
    const ago = Math.round(today.diff(day, 'days').days);
    const suffix = ago === 0 ? ' (today)' : ago === 1 ? ' (yesterday)' : '';
    return { value: day.toFormat('yyyy-LL-dd'), label: `${day.toFormat('ccc dd LLL')}${suffix}` };
  });
}

/** The day and clock parts of a "yyyy-LL-ddTHH:mm" value. */
export function splitLocalValue(value: string): { day: string; time: string } {
  const [day = '', time = ''] = value.split('T');
  return { day, time: time.slice(0, 5) };
}

/** Day and typed clock back into one "yyyy-LL-ddTHH:mm" value; the typed text kept as is if not a time. */
export function joinLocalValue(day: string, typed: string): string {
  return `${day}T${parseClockTime(typed) ?? typed.trim()}`;
}
