import type { AdministrationStatus, AdministrationWarning, DrugId, Route } from '@detox/shared';
import type { AdministrationRow } from '../db/database.js';
import { readJsonColumn } from '../db/json-column.js';
import { storedWarnings } from '../db/stored-json.js';

/**
 * A dose row as every reader sees it (the MAR list, the timeline, the shift report, the FHIR
 * export): one mapping, so a dose is never read two ways.
 */
export interface ChartedAdministration {
  id: number;
  admissionId: number;
  drug: DrugId;
  doseMg: number;
  route: Route;
  givenAt: string;
  status: AdministrationStatus;
  prn: boolean;
  indication: string | null;
  holdReason: string | null;
  assessmentId: number | null;
  overrideReason: string | null;
  overrideById: number | null;
  warnings: AdministrationWarning[];
  protocolVersion: number | null;
  /** The order it was charted against; null only for doses charted before orders existed. */
  orderId: number | null;
  /** Charted while the tablet was offline and recorded on arrival although its check then failed. */
  givenOffline: boolean;
  supersedesId: number | null;
  recordedById: number;
  recordedAt: string;
}

export function administrationFromRow(row: AdministrationRow): ChartedAdministration {
  return {
    id: row.id,
    admissionId: row.admission_id,
    drug: row.drug,
    // Number(): a driver that hands back a numeric as text still gives a number.
    doseMg: Number(row.dose_mg),
    route: row.route,
    givenAt: row.given_at,
    status: row.status,
    prn: row.prn === 1,
    indication: row.indication,
    holdReason: row.hold_reason,
    assessmentId: row.assessment_id,
    overrideReason: row.override_reason,
    overrideById: row.override_by,
    warnings: readJsonColumn(storedWarnings, row.warnings, {
      table: 'medication_administration',
      column: 'warnings',
      id: row.id,
    }),
    protocolVersion: row.protocol_version,
    orderId: row.order_id,
    givenOffline: row.given_offline === 1,
    supersedesId: row.supersedes_id,
    recordedById: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}
