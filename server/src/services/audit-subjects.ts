import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * What an audit row is about, in words, for the admin reading the trail: the patient (name and bed)
 * and what was done to which record. The audit row itself holds only references (action, entity,
 * id); this reads the referenced records at display time. No clinical value (score, dose, reason
 * text) is shown: the admin is not on the care team.
 */

/** Entities whose id is an admission id: reads of a stay's lists, its chart and its export. */
const ADMISSION_ENTITIES = [
  'admission',
  'administration-list',
  'alert-list',
  'assessment-list',
  'fhir-export',
  'timeline',
  'order-list',
  'orders-due',
];

/** Entities whose id is a record of a stay, with the table that holds it. */
const RECORD_TABLES = {
  assessment: 'assessment',
  administration: 'medication_administration',
  alert: 'alert',
  'taper-plan': 'taper_plan',
} as const;
type RecordEntity = keyof typeof RECORD_TABLES;

/** A LIKE pattern for "contains", with the user's % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The ids of the stays of every patient whose name or MRN contains `text` (any case). */
export async function admissionsOfPatients(
  db: Kysely<Database>,
  text: string,
): Promise<{ patientIds: number[]; admissionIds: number[] }> {
  const pattern = containsPattern(text);
  const rows = await db
    .selectFrom('patient')
    .leftJoin('admission', 'admission.patient_id', 'patient.id')
    .select(['patient.id as patient_id', 'admission.id as admission_id'])
    .where((eb) =>
      eb.or([
        sql<boolean>`lower(patient.name) like ${pattern} escape '\\'`,
        sql<boolean>`lower(patient.mrn) like ${pattern} escape '\\'`,
      ]),
    )
    .execute();
  return {
    patientIds: [...new Set(rows.map((r) => r.patient_id))],
    admissionIds: [...new Set(rows.flatMap((r) => (r.admission_id === null ? [] : [r.admission_id])))],
  };
}

/** The audit rows about these patients and stays: the patient, each stay, and each record of a stay. */
export function aboutPatients(
  eb: ExpressionBuilder<Database, 'audit_event'>,
  patientIds: number[],
  admissionIds: number[],
) {
  const none = [-1];
  const admissions = admissionIds.length ? admissionIds : none;
  return eb.or([
    eb.and([
      eb('audit_event.entity', '=', 'patient'),
      eb('audit_event.entity_id', 'in', patientIds.length ? patientIds : none),
    ]),
    eb.and([eb('audit_event.entity', 'in', ADMISSION_ENTITIES), eb('audit_event.entity_id', 'in', admissions)]),
    ...(Object.entries(RECORD_TABLES) as [RecordEntity, (typeof RECORD_TABLES)[RecordEntity]][]).map(
      ([entity, table]) =>
        eb.and([
          eb('audit_event.entity', '=', entity),
          eb(
            'audit_event.entity_id',
            'in',
            eb.selectFrom(table).select(`${table}.id`).where(`${table}.admission_id`, 'in', admissions),
          ),
        ]),
    ),
  ]);
}

export interface AuditSubject {
  /** "Maria Alvarez (bed 1)"; null when the row is not about a patient. */
  patient: string | null;
  /** "Charted assessment #12", "Corrected assessment #12: replaced by #15". */
  change: string;
}

interface EventRef {
  id: number;
  action: string;
  entity: string;
  entityId: number | null;
  outcome: string;
}

const VERB: Record<string, string> = {
  create: 'Created',
  read: 'Viewed',
  update: 'Changed',
  correct: 'Corrected',
  login: 'Logged in',
  logout: 'Logged out',
  denied: 'Was refused',
};
const CREATED: Record<string, string> = {
  assessment: 'Charted',
  administration: 'Charted',
  admission: 'Admitted',
  patient: 'Registered',
  'taper-plan': 'Set',
};
const ENTITY_WORDS: Record<string, string> = {
  administration: 'medication administration',
  'administration-list': 'medication administrations of stay',
  'alert-list': 'alerts of stay',
  'assessment-list': 'assessments of stay',
  'fhir-export': 'FHIR export of stay',
  timeline: 'withdrawal chart of stay',
  'unit-protocol': 'unit protocol of unit',
  'unit-temperature-unit': 'temperature scale of unit',
  'census-board': 'census board of unit',
  'shift-report': 'shift report of unit',
  'taper-plan': 'taper plan',
};

/** Describes a page of audit rows: one batch query per kind of referenced record, not one per row. */
export async function describeAuditSubjects(
  db: Kysely<Database>,
  events: readonly EventRef[],
): Promise<Map<number, AuditSubject>> {
  const idsOf = (entities: readonly string[]) => [
    ...new Set(
      events.filter((e) => entities.includes(e.entity) && e.entityId !== null).map((e) => e.entityId as number),
    ),
  ];
  const recordAdmission = new Map<string, number>();
  for (const [entity, table] of Object.entries(RECORD_TABLES)) {
    const ids = idsOf([entity]);
    if (!ids.length) continue;
    const rows = await db
      .selectFrom(table)
      .select([`${table}.id as id`, `${table}.admission_id as admission_id`])
      .where(`${table}.id`, 'in', ids)
      .execute();
    for (const r of rows) recordAdmission.set(`${entity}:${r.id}`, r.admission_id);
  }
  const corrected = idsOf(['assessment', 'administration']);
  const corrections = corrected.length
    ? await db
        .selectFrom('record_correction')
        .select(['record_type', 'record_id', 'action', 'replacement_id'])
        .where('record_id', 'in', corrected)
        .execute()
    : [];
  const admissionIds = [...new Set([...idsOf(ADMISSION_ENTITIES), ...recordAdmission.values()])];
  const stays = admissionIds.length
    ? await db
        .selectFrom('admission')
        .innerJoin('patient', 'patient.id', 'admission.patient_id')
        .select(['admission.id', 'admission.bed', 'patient.name'])
        .where('admission.id', 'in', admissionIds)
        .execute()
    : [];
  const patientIds = idsOf(['patient']);
  const patients = patientIds.length
    ? await db.selectFrom('patient').select(['id', 'name']).where('id', 'in', patientIds).execute()
    : [];

  const stayText = (admissionId: number | undefined) => {
    const stay = stays.find((s) => s.id === admissionId);
    return stay ? `${stay.name} (bed ${stay.bed})` : null;
  };
  const described = new Map<number, AuditSubject>();
  for (const e of events) {
    const ref = e.entityId === null ? '' : ` #${e.entityId}`;
    const what = `${ENTITY_WORDS[e.entity] ?? e.entity.replace(/-/g, ' ')}${ref}`;
    let change = `${(e.action === 'create' && CREATED[e.entity]) || VERB[e.action] || e.action} ${what}`;
    if (e.action === 'correct') {
      const correction = corrections.find((c) => c.record_type === e.entity && c.record_id === e.entityId);
      if (correction)
        change +=
          correction.action === 'replaced'
            ? `: replaced by #${correction.replacement_id}`
            : ': marked entered in error';
    }
    if (e.outcome !== 'success' && e.action !== 'denied') change += ` (${e.outcome})`;
    let patient: string | null = null;
    if (e.entity === 'patient') patient = patients.find((p) => p.id === e.entityId)?.name ?? null;
    else if (ADMISSION_ENTITIES.includes(e.entity)) patient = stayText(e.entityId ?? undefined);
    else if (e.entity in RECORD_TABLES) patient = stayText(recordAdmission.get(`${e.entity}:${e.entityId}`));
    described.set(e.id, { patient, change });
  }
  return described;
}
