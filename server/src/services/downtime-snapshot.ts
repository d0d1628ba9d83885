import { FUTURE_TOLERANCE_MS, type Role, shiftAt } from '@detox/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { type NextDoseGuidance, nextDoseGuidance } from '../shift-report/next-doses.js';
import { patientOrders } from '../shift-report/patient-orders.js';
import { isActive } from '../shift-report/patient-scores.js';
import { patientSection, recordsByAdmission } from '../shift-report/patient-section.js';
import type { PatientOrders, PatientSection } from '../shift-report/shift-report-types.js';
import type { Actor } from './actor.js';
import { vitalsOf } from './assessment-record.js';
import { auditRead } from './audit.js';
import { loadUnitRecords } from './shift-report-data.js';
import { getUnit } from './units.js';

export interface DowntimePatient {
  /** The last 24 h as a report section: the MAR is its administrations. */
  section: PatientSection;
  latestVitals: {
    takenAt: string;
    heartRate: number | null;
    systolic: number | null;
    diastolic: number | null;
    temperatureC: number | null;
    respiratoryRate: number | null;
    spo2: number | null;
  } | null;
  nextDoses: NextDoseGuidance[];
  /** The paper MAR: the active orders, with the scheduled doses of the next 24 h. */
  orders: PatientOrders;
}

export interface DowntimeSnapshot {
  unit: { id: number; name: string; timeZone: string; beds: string[] };
  asOf: string;
  from: string;
  generatedBy: { id: number; name: string; role: Role };
  patients: DowntimePatient[];
}

const DAY_MS = 24 * 3_600_000;

/**
 * What a unit needs on paper to keep working while the system is down (api.md downloads): for
 * every occupied bed, the last 24 h of doses, what is due next, the latest scores and vital signs,
 * and open alerts. Built from the same records and rules as the shift report; reading it is audited.
 */
export async function downtimeSnapshot(
  db: Kysely<Database>,
  actor: Actor,
  unitId: number,
  now = new Date(),
): Promise<DowntimeSnapshot> {
  const unit = await getUnit(db, unitId);
  const asOf = now.toISOString();
  const from = new Date(now.getTime() - DAY_MS).toISOString();
  // Charting may run a few minutes ahead of the server clock (api.md): include those entries too.
  const to = new Date(now.getTime() + FUTURE_TOLERANCE_MS).toISOString();
  const records = await loadUnitRecords(db, unit.id, { from, to, asOf, lookbackFrom: from, openOnly: true });
  const shift = shiftAt(asOf, unit.timeZone, unit.shiftStarts);
  const window = { from, to, asOf, nextShift: { start: asOf, end: new Date(shift.shiftEnd).toISOString() } };
  const patients = recordsByAdmission(records).map((r): DowntimePatient => {
    const withVitals = r.assessments.filter((a) => isActive(a) && vitalsOf(a) !== null).at(-1);
    const given = r.administrations
      .filter((m) => isActive(m) && m.status === 'given')
      .map((m) => ({ drug: m.drug, doseMg: m.doseMg, givenAt: m.givenAt }));
    return {
      section: patientSection(r, unit, window, records.protocol),
      latestVitals: withVitals
        ? {
            takenAt: withVitals.takenAt,
            heartRate: withVitals.heartRate,
            systolic: withVitals.systolic,
            diastolic: withVitals.diastolic,
            temperatureC: withVitals.temperatureC,
            respiratoryRate: withVitals.respiratoryRate,
            spo2: withVitals.spo2,
          }
        : null,
      nextDoses: nextDoseGuidance(given, records.protocol, asOf, unit.timeZone, r.admission.weight_kg),
      orders: patientOrders(
        r.orders,
        r.orderDoses,
        records.protocol,
        { from, to, asOf, dueFrom: asOf, dueTo: new Date(now.getTime() + DAY_MS).toISOString() },
        unit.timeZone,
        r.admission.weight_kg,
      ),
    };
  });
  await auditRead(db, actor, 'downtime-snapshot', unit.id);
  return {
    unit: { id: unit.id, name: unit.name, timeZone: unit.timeZone, beds: unit.beds },
    asOf,
    from,
    generatedBy: { id: actor.id, name: actor.name, role: actor.role },
    patients,
  };
}
