import type { AppRouter } from '@detox/server';
import type { inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>;

export type Admission = Outputs['admissions']['get'];
export type Assessment = Outputs['assessments']['list'][number];
export type Administration = Outputs['medications']['list'][number];
export type InstrumentDefinition = Outputs['instruments']['list'][number];
export type Unit = Outputs['units']['list'][number];
export type CensusBoardData = Outputs['census']['board'];
export type CensusRow = CensusBoardData['rows'][number];
export type TimelineData = Outputs['timeline']['get'];
