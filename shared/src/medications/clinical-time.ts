import { DateTime, IANAZone, type Zone } from 'luxon';
import { parseInstant } from '../timeline/instant.js';
import type { AdministrationContext } from './administration-context.js';

/**
 * Rules compare exact instants (epoch milliseconds), never wall-clock times, so "24 h" is 24 real
 * hours across midnight and across DST changes (a fall-back day has 25 clock hours).
 */

export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The last instant read in the stored form, and its value (see instantMs). */
let lastStoredForm = '';
let lastStoredMs = 0;

/**
 * Milliseconds since the epoch; a time without an offset is refused, not guessed in server time.
 * The one instant reader (timeline/instant.ts), so the rules accept exactly what the API accepts.
 */
export function instantMs(iso: string, field: string): number {
  // The form the server stores and Date#toISOString writes ("2026-11-22T08:00:00.123Z") is read
  // without luxon: it is exact only when printing the result gives the same text back, so any other
  // text (an offset, no milliseconds, a day that does not exist) still goes through parseInstant.
  // Judging a unit's orders reads thousands of these (issue 16: 40 % of the board's time was here).
  // The same instant is asked for again and again (the proposed dose's time, by every rule).
  if (iso === lastStoredForm) return lastStoredMs;
  if (iso.length === 24 && iso.charCodeAt(23) === 90 /* Z */) {
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms) && new Date(ms).toISOString() === iso) {
      lastStoredForm = iso;
      lastStoredMs = ms;
      return ms;
    }
  }
  return parseInstant(iso, field).toMillis();
}

/** Formats instants for messages in the unit's zone, relative to the proposed dose's day. */
export interface MessageClock {
  /** "14:05", or "14:05 on 31 Oct" when not on the dose's local day. */
  at(ms: number): string;
}

/**
 * Clocks already made, by zone and dose time: every rule of every order judged at one instant asks
 * for the same clock, and each reads the same few times (issue 16). Pure, so sharing changes nothing.
 */
const clocks = new Map<string, MessageClock>();
const CLOCKS_KEPT = 500;

export function messageClock(ctx: {
  proposed: Pick<AdministrationContext['proposed'], 'givenAt'>;
  timeZone?: string;
}): MessageClock {
  if (ctx.timeZone === undefined) return makeMessageClock(ctx);
  const key = `${ctx.timeZone} ${ctx.proposed.givenAt}`;
  const kept = clocks.get(key);
  if (kept) return kept;
  const clock = makeMessageClock(ctx);
  if (clocks.size >= CLOCKS_KEPT) clocks.clear();
  clocks.set(key, clock);
  return clock;
}

function makeMessageClock(ctx: {
  proposed: Pick<AdministrationContext['proposed'], 'givenAt'>;
  timeZone?: string;
}): MessageClock {
  const zone: Zone | string = ctx.timeZone ?? DateTime.fromISO(ctx.proposed.givenAt, { setZone: true }).zone;
  // IANAZone.create caches per name; isValidZone would build a new Intl formatter on every call
  // (tens of ms when orders.due judges every order of a stay).
  if (typeof zone === 'string' && !IANAZone.create(zone).isValid) {
    throw new RangeError(`timeZone must be an IANA time zone such as America/New_York; got ${JSON.stringify(zone)}`);
  }
  const doseDay = DateTime.fromMillis(instantMs(ctx.proposed.givenAt, 'proposed.givenAt'), { zone }).toISODate();
  const said = new Map<number, string>();
  return {
    at(ms) {
      const kept = said.get(ms);
      if (kept !== undefined) return kept;
      const local = DateTime.fromMillis(ms, { zone }).setLocale('en-US');
      const clock = local.toFormat('HH:mm');
      const text = local.toISODate() === doseDay ? clock : `${clock} on ${local.toFormat('d LLL')}`;
      if (said.size < 1000) said.set(ms, text);
      return text;
    },
  };
}

/** "11 h 54 min", "45 min", "2 h": whole minutes, rounded down so 11 h 59.5 min never reads "12 h". */
export function durationText(ms: number): string {
  const totalMinutes = Math.floor(ms / MINUTE_MS);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}
