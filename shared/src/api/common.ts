import { z } from 'zod';
import { isoInstant } from './time.js';

export const id = z
  .number({ error: 'must be a whole number id' })
  .int('must be a whole number id')
  .positive('must be a positive id');

export const unitIdInput = z.object({ unitId: id });
export const admissionIdInput = z.object({ admissionId: id });

/**
 * A unit's live events; with `since` (the `asOf` of the data a screen shows), what changed on the unit
 * after it comes first, so nothing charted between the read and the stream opening is missed.
 */
export const unitEventsInput = unitIdInput.extend({ since: isoInstant.optional() });

/** Why a record is corrected: kept with the correction forever, so it must say something. */
export const correctionReason = z
  .string({ error: 'a reason for the correction is required' })
  .trim()
  .min(3, 'say why the record is being corrected (at least 3 characters)')
  .max(500, 'keep the reason under 500 characters');

/**
 * The client's own id for one clinical write (issue 13): made once when the nurse presses Save and
 * sent again with every retry, so a write whose answer was lost (Wi-Fi, a server killed mid-request)
 * can be sent again and lands once. Optional: a client that never retries need not send it.
 */
export const requestId = z
  .uuid({ error: 'requestId must be a UUID made by the client for this one entry (crypto.randomUUID())' })
  .optional();
