import type { AdministrationContext } from './administration-context.js';

/**
 * Whose limit a warning names. The same rules check a dose against the unit protocol and, when the
 * dose is charted against an order whose own limit is stricter, against the order (stricter wins,
 * shared/src/orders/order-check.ts); the nurse must read which limit stopped the dose.
 */
export interface LimitWords {
  /** "the unit maximum" / "the order's maximum" */
  maximum: string;
  /** "the unit's" / "the order's" */
  whose: string;
}

export function limitWords(ctx: Pick<AdministrationContext, 'limitsFrom'>): LimitWords {
  return ctx.limitsFrom === 'order'
    ? { maximum: "the order's maximum", whose: "the order's" }
    : { maximum: 'the unit maximum', whose: "the unit's" };
}
