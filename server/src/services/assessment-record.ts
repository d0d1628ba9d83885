import type { InstrumentId, Severity } from '@detox/shared';
import type { AssessmentRow } from '../db/database.js';
import { readJsonColumn } from '../db/json-column.js';
import { storedItemReasons, storedItems } from '../db/stored-json.js';

/**
 * An assessment row as every reader sees it (the assessment list, the timeline, the shift report,
 * the FHIR export): one mapping, so a column is never read two ways.
 */
export interface ChartedAssessment {
  id: number;
  admissionId: number;
  instrument: InstrumentId;
  takenAt: string;
  items: Record<string, number>;
  total: number;
  severity: Severity;
  heartRate: number | null;
  systolic: number | null;
  diastolic: number | null;
  temperatureC: number | null;
  respiratoryRate: number | null;
  spo2: number | null;
  note: string | null;
  /** Why an item was scored below its measurement (COWS pulse not due to withdrawal); {} when none. */
  itemReasons: Record<string, string>;
  supersedesId: number | null;
  recordedById: number;
  recordedAt: string;
}

export type Vitals = Pick<
  ChartedAssessment,
  'heartRate' | 'systolic' | 'diastolic' | 'temperatureC' | 'respiratoryRate' | 'spo2'
>;

/** Reals are read through Number(): a driver that hands back a numeric as text still gives a number. */
const real = (v: number | null) => (v === null ? null : Number(v));

export function assessmentFromRow(row: AssessmentRow): ChartedAssessment {
  const at = { table: 'assessment', id: row.id } as const;
  return {
    id: row.id,
    admissionId: row.admission_id,
    instrument: row.instrument,
    takenAt: row.taken_at,
    items: readJsonColumn(storedItems, row.items, { ...at, column: 'items' }),
    total: row.total,
    severity: row.severity,
    heartRate: row.heart_rate,
    systolic: row.systolic,
    diastolic: row.diastolic,
    temperatureC: real(row.temperature_c),
    respiratoryRate: row.respiratory_rate,
    spo2: row.spo2,
    note: row.note,
    itemReasons:
      row.item_reasons === null
        ? {}
        : readJsonColumn(storedItemReasons, row.item_reasons, { ...at, column: 'item_reasons' }),
    supersedesId: row.supersedes_id,
    recordedById: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

/** The vital signs taken with a score, or null when none was measured. */
export function vitalsOf(a: ChartedAssessment): Vitals | null {
  const vitals: Vitals = {
    heartRate: a.heartRate,
    systolic: a.systolic,
    diastolic: a.diastolic,
    temperatureC: a.temperatureC,
    respiratoryRate: a.respiratoryRate,
    spo2: a.spo2,
  };
  return Object.values(vitals).some((v) => v !== null) ? vitals : null;
}
