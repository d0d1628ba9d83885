import { approveProtocolChangeInput, unitIdInput, updateProtocolInput } from '@detox/shared';
import {
  approveProtocolChange,
  currentProtocol,
  pendingProtocolChanges,
  protocolHistory,
  updateProtocol,
} from '../services/protocol.js';
import { getUnit } from '../services/units.js';
import { authedProcedure, requireRole, router } from '../trpc.js';

/** The unit protocol is a physician's act (issue 11, item 4): an admin manages users, not clinical limits. */
const physicianProcedure = requireRole('physician');

export const protocolRouter = router({
  get: authedProcedure.input(unitIdInput).query(async ({ ctx, input }) => {
    await getUnit(ctx.db, input.unitId);
    return currentProtocol(ctx.db, input.unitId);
  }),
  history: authedProcedure.input(unitIdInput).query(({ ctx, input }) => protocolHistory(ctx.db, input.unitId)),
  /** Takes effect at once, unless it loosens a hard limit: then it waits for a second physician. */
  update: physicianProcedure
    .input(updateProtocolInput)
    .mutation(({ ctx, input }) => updateProtocol(ctx.db, ctx.actor, input)),
  /** Changes waiting for a second physician's approval. */
  pending: authedProcedure.input(unitIdInput).query(async ({ ctx, input }) => {
    await getUnit(ctx.db, input.unitId);
    return pendingProtocolChanges(ctx.db, input.unitId);
  }),
  approve: physicianProcedure
    .input(approveProtocolChangeInput)
    .mutation(({ ctx, input }) => approveProtocolChange(ctx.db, ctx.actor, input)),
});
