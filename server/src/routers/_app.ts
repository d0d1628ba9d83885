import { router } from '../trpc.js';
import { admissionsRouter } from './admissions.js';
import { assessmentsRouter } from './assessments.js';
import { authRouter } from './auth.js';
import { instrumentsRouter } from './instruments.js';
import { medicationsRouter } from './medications.js';
import { unitsRouter } from './units.js';

export const appRouter = router({
  auth: authRouter,
  units: unitsRouter,
  instruments: instrumentsRouter,
  admissions: admissionsRouter,
  assessments: assessmentsRouter,
  medications: medicationsRouter,
});

export type AppRouter = typeof appRouter;
