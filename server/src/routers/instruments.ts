import { INSTRUMENTS } from '@detox/shared';
import { authedProcedure, router } from '../trpc.js';

export const instrumentsRouter = router({
  /** Every instrument with its items, allowed values and anchors, so forms are drawn from data. */
  list: authedProcedure.query(() =>
    Object.values(INSTRUMENTS).map((i) => ({
      id: i.id,
      name: i.name,
      rater: i.rater,
      maxTotal: i.maxTotal,
      source: i.source,
      bandSource: i.bandSource,
      items: i.items.map((item) => ({
        key: item.key,
        label: item.label,
        instructions: item.instructions,
        options: item.options.map((o) => ({ ...o })),
      })),
      bands: i.bands.map((b) => ({ ...b })),
    })),
  ),
});
