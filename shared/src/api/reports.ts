import { z } from 'zod';
import { id } from './common.js';
import { isoInstant } from './time.js';

/** reports.shift: a unit and the start of one of its shifts; without shiftStart, the shift in progress. */
export const shiftReportInput = z.object({
  unitId: id,
  shiftStart: isoInstant.optional(),
});
export type ShiftReportInput = z.infer<typeof shiftReportInput>;

/** An id as it arrives in a download link's query string ("?unitId=3"). */
const queryId = (name: string) =>
  z
    .string({ error: `${name} must be a whole number id` })
    .regex(/^\d{1,9}$/, `${name} must be a whole number id, such as ${name}=1`)
    .transform(Number)
    .pipe(id);

/**
 * The query string of GET /reports/shift.csv, /reports/shift.pdf and /reports/downtime.pdf:
 * unitId may be left out while there is only one unit (api.md, downloads).
 */
export const reportDownloadQuery = z.object({
  unitId: queryId('unitId').optional(),
  shiftStart: isoInstant.optional(),
});
export type ReportDownloadQuery = z.infer<typeof reportDownloadQuery>;

/** GET /exports/fhir?admissionId=12 */
export const fhirExportQuery = z.object({ admissionId: queryId('admissionId') });
export type FhirExportQuery = z.infer<typeof fhirExportQuery>;
