import { DEFAULT_UNIT_PROTOCOL, SUBSTANCES, inductionWaitHours, naltrexoneWaitDays } from '@detox/shared';
import { authedProcedure, router } from '../trpc.js';

export const substancesRouter = router({
  /**
   * The coded substances an admission can list, with their kind and the shipped default waits it
   * implies (a unit's protocol may change the waits; the kind is what the rules read). No patient
   * data, so not audited, like instruments.list.
   */
  list: authedProcedure.query(() =>
    SUBSTANCES.map((s) => ({
      code: s.code,
      name: s.name,
      kind: s.kind,
      defaultWaits: {
        buprenorphineInductionHours: inductionWaitHours(s.kind, DEFAULT_UNIT_PROTOCOL.buprenorphineInduction) ?? null,
        naltrexoneOpioidFreeDays: naltrexoneWaitDays(s.kind, DEFAULT_UNIT_PROTOCOL.naltrexoneStart) ?? null,
      },
    })),
  ),
});
