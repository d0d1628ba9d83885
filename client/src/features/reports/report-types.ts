import type { AppRouter } from '@detox/server';
import type { inferRouterOutputs } from '@trpc/server';

export type ShiftReportData = inferRouterOutputs<AppRouter>['reports']['shift'];
export type ReportPatient = ShiftReportData['patients'][number];
export type ReportAdministration = ReportPatient['administrations'][number];
