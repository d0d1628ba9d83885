import { z } from 'zod';
import { unitProtocolSchema } from '../medications/protocol-schema.js';
import { id, requestId } from './common.js';

export const updateProtocolInput = z.object({
  unitId: id,
  protocol: unitProtocolSchema,
  reason: z
    .string({ error: 'say why the protocol is changing' })
    .trim()
    .min(3, 'say why the protocol is changing (at least 3 characters)')
    .max(500, 'keep the reason under 500 characters'),
});
export type UpdateProtocolInput = z.infer<typeof updateProtocolInput>;

export const acknowledgeAlertInput = z.object({
  alertId: id,
  requestId,
  note: z.string().trim().max(500, 'keep the note under 500 characters').optional(),
});

/** protocol.approve: a second physician approves a change that loosens a hard limit. */
export const approveProtocolChangeInput = z.object({ changeId: id });
