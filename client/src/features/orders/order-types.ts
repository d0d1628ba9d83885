import type { AppRouter } from '@detox/server';
import type { AdministrationStatus, DrugId, OrderKind, Route } from '@detox/shared';
import type { inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>;

export type OrderView = Outputs['orders']['list'][number];
export type OrdersDueView = Outputs['orders']['due'];
export type DueDoseLine = OrdersDueView['due'][number];
export type EligibleLine = OrdersDueView['eligible'][number];
export type NotEligibleLine = OrdersDueView['notEligible'][number];
export type OrderSetView = Outputs['orderSets']['list'][number];
export type AwaitingCountersign = Outputs['orders']['awaitingCountersign'][number];

/** What the medication form needs from an order to chart a dose against it, without typing a drug or a dose. */
export interface ChartingOrder {
  orderId: number;
  drug: DrugId;
  doseMg: number;
  doseMaxMg: number | null;
  route: Route;
  kind: OrderKind;
}

/** How the form opens from the medication record: the order, and what the tapped line already says. */
export interface ChartStart {
  order: ChartingOrder;
  status?: AdministrationStatus;
  holdReason?: string;
  indication?: string;
}
