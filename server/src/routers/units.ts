import { dischargedVisibleHoursInput, setTemperatureUnitInput } from '@detox/shared';
import { writeAudit } from '../services/audit.js';
import { notFound } from '../services/errors.js';
import { setTemperatureUnit, unitsVisibleTo } from '../services/units.js';
import { authedProcedure, requireRole, router } from '../trpc.js';

export const unitsRouter = router({
  /** The units the user works on (services/units.ts says which); auth.session carries the same list. */
  list: authedProcedure.query(({ ctx }) => unitsVisibleTo(ctx.db, ctx.user)),
  /** °C or °F for entry and display on the unit; the same people who may change its protocol. */
  setTemperatureUnit: requireRole('physician')
    .input(setTemperatureUnitInput)
    .mutation(({ ctx, input }) => setTemperatureUnit(ctx.db, ctx.actor, input)),
  /** How long a discharged stay stays readable without emergency access: a physician of the unit decides. */
  setDischargedVisibleHours: requireRole('physician')
    .input(dischargedVisibleHoursInput)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('unit')
          .set({ discharged_visible_hours: input.hours })
          .where('id', '=', input.unitId)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) throw notFound('Unit', input.unitId);
        await writeAudit(trx, ctx.actor, 'update', 'unit-settings', input.unitId);
        return { hours: input.hours };
      }),
    ),
});
