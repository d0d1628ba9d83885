import { router } from '../trpc.js';
import { accessRouter } from './access.js';
import { admissionsRouter } from './admissions.js';
import { alertsRouter } from './alerts.js';
import { assessmentsRouter } from './assessments.js';
import { auditRouter } from './audit.js';
import { authRouter } from './auth.js';
import { censusRouter } from './census.js';
import { eventsRouter } from './events.js';
import { instrumentsRouter } from './instruments.js';
import { medicationsRouter } from './medications.js';
import { orderSetsRouter } from './order-sets.js';
import { ordersRouter } from './orders.js';
import { reportsRouter } from './reports.js';
import { substancesRouter } from './substances.js';
import { protocolRouter } from './protocol.js';
import { taperPlansRouter } from './taper-plans.js';
import { timelineRouter } from './timeline.js';
import { unitsRouter } from './units.js';
import { usersRouter } from './users.js';

export const appRouter = router({
  auth: authRouter,
  units: unitsRouter,
  instruments: instrumentsRouter,
  substances: substancesRouter,
  admissions: admissionsRouter,
  assessments: assessmentsRouter,
  medications: medicationsRouter,
  orders: ordersRouter,
  orderSets: orderSetsRouter,
  census: censusRouter,
  timeline: timelineRouter,
  taperPlans: taperPlansRouter,
  events: eventsRouter,
  reports: reportsRouter,
  alerts: alertsRouter,
  protocol: protocolRouter,
  audit: auditRouter,
  users: usersRouter,
  access: accessRouter,
});

export type AppRouter = typeof appRouter;
