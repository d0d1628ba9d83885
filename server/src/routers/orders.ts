import {
  admissionIdInput,
  createOrderInput,
  discontinueOrderInput,
  countersignOrderInput,
  ordersDueInput,
  verbalOrderInput,
} from '@detox/shared';
import {
  countersignOrder,
  createOrder,
  discontinueOrder,
  enterVerbalOrder,
  listOrders,
  ordersAwaitingCountersign,
} from '../services/orders.js';
import { ordersDueForActor } from '../services/orders-due.js';
import { activePhysicians } from '../services/physicians.js';
import { authedProcedure, clinicianProcedure, requireRole, router } from '../trpc.js';

/** Medication orders (issue 9): physicians order, nurses enter verbal orders only, admins neither. */
export const ordersRouter = router({
  create: requireRole('physician')
    .input(createOrderInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await createOrder(ctx.db, ctx.actor, input);
      ctx.events.publish({
        unitId: saved.unitId,
        admissionId: saved.admissionId,
        kind: 'order',
        at: new Date().toISOString(),
      });
      return { id: saved.id };
    }),
  verbal: requireRole('nurse')
    .input(verbalOrderInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await enterVerbalOrder(ctx.db, ctx.actor, input);
      ctx.events.publish({
        unitId: saved.unitId,
        admissionId: saved.admissionId,
        kind: 'order',
        at: new Date().toISOString(),
      });
      return { id: saved.id };
    }),
  countersign: requireRole('physician')
    .input(countersignOrderInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await countersignOrder(ctx.db, ctx.actor, input);
      ctx.events.publish({
        unitId: saved.unitId,
        admissionId: saved.admissionId,
        kind: 'order',
        at: new Date().toISOString(),
      });
      return { ok: true as const };
    }),
  discontinue: requireRole('physician')
    .input(discontinueOrderInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await discontinueOrder(ctx.db, ctx.actor, input);
      ctx.events.publish({
        unitId: saved.unitId,
        admissionId: saved.admissionId,
        kind: 'order',
        at: new Date().toISOString(),
      });
      return { ok: true as const };
    }),
  list: authedProcedure
    .input(admissionIdInput)
    .query(({ ctx, input }) => listOrders(ctx.db, ctx.actor, input.admissionId)),
  due: authedProcedure
    .input(ordersDueInput)
    .query(({ ctx, input }) => ordersDueForActor(ctx.db, ctx.actor, input.admissionId, input.at)),
  /** The calling physician's verbal and telephone orders waiting for a countersignature. */
  awaitingCountersign: requireRole('physician').query(({ ctx }) => ordersAwaitingCountersign(ctx.db, ctx.actor)),
  /** The physicians a nurse may name on a verbal or telephone order. */
  physicians: clinicianProcedure.query(({ ctx }) => activePhysicians(ctx.db)),
});
