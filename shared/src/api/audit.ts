import { z } from 'zod';
import { id } from './common.js';
import { isoInstant } from './time.js';

export const AUDIT_LIST_DEFAULT_LIMIT = 200;
export const AUDIT_LIST_MAX_LIMIT = 1000;

/**
 * audit.list (admin): audit events newest first, filtered by what was touched, who did it and when.
 * `from` is inclusive and `to` exclusive. Paging: pass the previous page's `nextBeforeId` as
 * `beforeId` to get the next older page. The input may be left out entirely (the latest 200 events).
 */
export const auditListInput = z
  .object({
    entity: z
      .string({ error: 'entity must be text, such as "assessment"' })
      .trim()
      .min(1, 'entity must not be empty; leave it out to see every entity')
      .max(64, 'entity is at most 64 characters')
      .optional(),
    entityId: id.optional(),
    userId: id.optional(),
    /** Part of a user's name or username, any case: "reyes" finds "Ana Reyes, RN". */
    userName: z
      .string({ error: 'user name must be text' })
      .trim()
      .min(2, 'type at least 2 letters of the user name')
      .max(100, 'the user name is at most 100 characters')
      .optional(),
    /** Part of a patient's name or MRN: every event about that patient's stays and records. */
    patient: z
      .string({ error: 'patient must be text' })
      .trim()
      .min(2, 'type at least 2 letters of the patient name or MRN')
      .max(100, 'the patient name is at most 100 characters')
      .optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    limit: z
      .number({ error: 'limit must be a whole number' })
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(AUDIT_LIST_MAX_LIMIT, `limit is at most ${AUDIT_LIST_MAX_LIMIT}; page with beforeId for more`)
      .default(AUDIT_LIST_DEFAULT_LIMIT),
    beforeId: id.optional(),
  })
  .refine((input) => !input.from || !input.to || Date.parse(input.from) < Date.parse(input.to), {
    path: ['to'],
    error: 'must be later than "from"; swap the two times',
  })
  .prefault({});
export type AuditListInput = z.infer<typeof auditListInput>;
