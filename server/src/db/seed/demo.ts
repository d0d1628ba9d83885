import { COWS, bandFor, getDrug } from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import { DateTime } from 'luxon';
import { hashPassword } from '../../auth/password.js';
import { appendAuditEvent } from '../../services/audit.js';
import { insertInitialOrderSets } from '../../services/order-sets.js';
import { insertInitialProtocol } from '../../services/protocol.js';
import type { Database } from '../database.js';
import { ONE_ROW } from '../literal-limit.js';
import { DemoOrders } from './demo-orders.js';
import { DemoTaperPlan, INDUCTION_WINDOW_HOURS } from './demo-taper.js';
import { DEMO_PATIENTS, DEMO_SOUTH_PATIENTS, type DemoPatient, type PlannedDose } from './demo-patients.js';
import { insertAdmissionSubstances } from '../../services/admission-substances.js';
import { type SimulatedCows, courseShape, prng, simulateCows } from './simulation.js';

export const DEMO_UNIT = {
  name: 'Detox North',
  timeZone: 'America/New_York',
  shiftStarts: ['07:00', '19:00'],
  beds: 12,
};
/** The second demo unit: users see and chart only the units they are assigned to (api.md, Additions). */
export const DEMO_SOUTH_UNIT = {
  name: 'Detox South',
  timeZone: 'America/New_York',
  shiftStarts: ['07:00', '19:00'],
  beds: 6,
};
/**
 * Unit assignments: the nurse works on North, nurse-south on South; the physician covers both detox
 * units; the admin manages users and reads the audit trail but is assigned to no unit (patient data
 * only through audited emergency access, which is for clinicians).
 */
export const DEMO_USERS = [
  { username: 'nurse', password: 'demo-nurse', name: 'Ana Reyes, RN', role: 'nurse' as const, units: ['north'] },
  {
    username: 'physician',
    password: 'demo-physician',
    name: 'Dr. Ben Carter',
    role: 'physician' as const,
    units: ['north', 'south'],
  },
  { username: 'admin', password: 'demo-admin', name: 'Unit Admin', role: 'admin' as const, units: [] },
  {
    username: 'nurse-south',
    password: 'demo-nurse-south',
    name: 'Kofi Mensah, RN',
    role: 'nurse' as const,
    units: ['south'],
  },
];

const HOUR = 3_600_000;

let demoHashes: Promise<string[]> | undefined;

/**
 * The demo users' password hashes, made once per process. scrypt takes about a third of a second a
 * password (password.ts), and a test process seeds a demo database for many of its files: hashing
 * the four again each time was most of a seed's time. The demo passwords are public (README), so
 * demo databases sharing their salted hashes tells nobody anything.
 */
function demoPasswordHashes(): Promise<string[]> {
  demoHashes ??= Promise.all(DEMO_USERS.map((u) => hashPassword(u.password))).catch((error: unknown) => {
    demoHashes = undefined;
    throw error;
  });
  return demoHashes;
}

/** Loads the demo unit into an empty database; returns null and writes nothing if any unit exists. */
export async function seedDemoIfEmpty(
  db: Kysely<Database>,
  now = new Date(),
): Promise<{ unitName: string; patients: number } | null> {
  const existing = await db.selectFrom('unit').select('id').limit(ONE_ROW).executeTakeFirst();
  if (existing) return null;
  const hashes = await demoPasswordHashes();
  await db.transaction().execute(async (trx) => {
    const created = now.toISOString();
    const unit = await insertDemoUnit(trx, DEMO_UNIT, (i) => String(i + 1), created);
    const userIds: number[] = [];
    for (const [i, u] of DEMO_USERS.entries()) {
      const row = await trx
        .insertInto('app_user')
        .values({
          username: u.username,
          name: u.name,
          role: u.role,
          password_hash: hashes[i] ?? '',
          active: 1,
          created_at: created,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      userIds.push(row.id);
    }
    const [nurseId, physicianId, , southNurseId] = userIds as [number, number, number, number];
    for (const [index, patient] of DEMO_PATIENTS.entries()) {
      await seedPatient(trx, { unitId: unit.id, nurseId, physicianId, now, patient, random: prng(1009 * (index + 1)) });
    }
    const south = await insertDemoUnit(trx, DEMO_SOUTH_UNIT, (i) => `S${i + 1}`, created);
    for (const [index, patient] of DEMO_SOUTH_PATIENTS.entries()) {
      await seedPatient(trx, {
        unitId: south.id,
        nurseId: southNurseId,
        physicianId,
        now,
        patient,
        random: prng(2003 * (index + 1)),
      });
    }
    const unitIds = { north: unit.id, south: south.id };
    const assignments = DEMO_USERS.flatMap((u, i) =>
      u.units.map((name) => ({ user_id: userIds[i] ?? 0, unit_id: unitIds[name as keyof typeof unitIds] })),
    );
    await trx.insertInto('user_unit').values(assignments).execute();
  });
  return { unitName: DEMO_UNIT.name, patients: DEMO_PATIENTS.length };
}

interface DemoUnitSpec {
  name: string;
  timeZone: string;
  shiftStarts: string[];
  beds: number;
}

/** A demo unit with its protocol, order sets and beds (labelled by bedLabel from the bed's index). */
async function insertDemoUnit(
  trx: Transaction<Database>,
  spec: DemoUnitSpec,
  bedLabel: (index: number) => string,
  created: string,
): Promise<{ id: number }> {
  const unit = await trx
    .insertInto('unit')
    .values({
      name: spec.name,
      time_zone: spec.timeZone,
      shift_starts: JSON.stringify(spec.shiftStarts),
      // q4h routine COWS and reassessment an hour after a PRN dose (docs/clinical.md §1.4, §6.8).
      assessment_interval_minutes: 240,
      prn_reassess_minutes: 60,
      created_at: created,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertInitialProtocol(trx, unit.id, created);
  await insertInitialOrderSets(trx, unit.id, 1, created);
  await trx
    .insertInto('bed')
    .values(Array.from({ length: spec.beds }, (_, i) => ({ unit_id: unit.id, label: bedLabel(i), sort_order: i + 1 })))
    .execute();
  return unit;
}

interface PatientSeed {
  unitId: number;
  nurseId: number;
  physicianId: number;
  now: Date;
  patient: DemoPatient;
  random: () => number;
}

async function seedPatient(trx: Transaction<Database>, s: PatientSeed): Promise<void> {
  const { patient: p, now, random } = s;
  const lastUse = new Date(now.getTime() - p.hoursSinceLastUse * HOUR);
  const admitted = new Date(now.getTime() - p.hoursSinceAdmission * HOUR);
  const patientRow = await trx
    .insertInto('patient')
    .values({ mrn: p.mrn, name: p.name, birth_date: p.birthDate, created_at: admitted.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const admission = await trx
    .insertInto('admission')
    .values({
      unit_id: s.unitId,
      bed: p.bed,
      patient_id: patientRow.id,
      substance: p.substance,
      opioid_kind: p.opioidKind,
      weight_kg: p.weightKg,
      last_use_at: lastUse.toISOString(),
      admitted_at: admitted.toISOString(),
      discharged_at: null,
      recorded_by: s.nurseId,
      recorded_at: admitted.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertAdmissionSubstances(trx, admission.id, p.substances);
  await audit(trx, s.nurseId, 'nurse', 'admission', admission.id, admitted);
  const admissionFacts = {
    id: admission.id,
    unit_id: s.unitId,
    substance: p.substance,
    opioid_kind: p.opioidKind,
    last_use_at: lastUse.toISOString(),
    admitted_at: admitted.toISOString(),
  };
  const orders = await DemoOrders.atAdmission(trx, admissionFacts, s.physicianId, p.plan, admitted);

  const treatment = new TreatmentCourse(p, lastUse);
  const unitZone = (
    await trx.selectFrom('unit').select('time_zone').where('id', '=', s.unitId).executeTakeFirstOrThrow()
  ).time_zone;
  const taperPlan = new DemoTaperPlan(unitZone);
  // COWS on arrival, then about every 4 hours, and about an hour after any PRN dose (docs/clinical.md §6.8).
  let t = admitted.getTime() + 10 * 60_000;
  while (t <= now.getTime() - 20 * 60_000) {
    const takenAt = new Date(t);
    const hours = (t - lastUse.getTime()) / HOUR;
    const raw = p.peakCows * courseShape(hours, p.opioidKind) * treatment.effect(hours);
    const target = Math.max(0, Math.min(40, Math.round(raw + (random() - 0.5) * 4)));
    const cows = simulateCows(target, random);
    const assessmentId = await insertCows(trx, admission.id, s.nurseId, takenAt, cows);
    let reassessAt = t + 4 * HOUR + (random() - 0.5) * 40 * 60_000;
    const planned = treatment.dosesAfter(cows, takenAt, hours).map((dose) => ({
      dose,
      givenAt: new Date(t + (8 + random() * 15) * 60_000),
      taper: false,
    }));
    // The day's taper dose follows its order's 08:00 schedule and the taper plan (demo-taper.ts).
    const taper = taperPlan.dueAfterScore(takenAt, now, random);
    if (taper) planned.push({ ...taper, taper: true });
    for (const { dose, givenAt, taper: isTaper } of planned) {
      if (givenAt > now) continue;
      // Induction doses stop before the taper's first day (demo-taper.ts).
      if (dose.indication.startsWith('Induction,') && !taperPlan.allowsInduction(givenAt)) continue;
      // Only what the orders and the protocol allow is charted (demo-orders.ts); a hold parameter holds the dose.
      const verdict = orders.judge(dose, givenAt, cows, takenAt);
      if (isTaper) taperPlan.charted();
      if (!verdict) continue;
      const held = verdict.status === 'held';
      await insertDose(
        trx,
        admission.id,
        s.nurseId,
        givenAt,
        dose,
        verdict.status,
        verdict.holdReason,
        assessmentId,
        verdict.orderId,
      );
      await orders.charted(dose, givenAt, verdict.status);
      if (!held && dose.indication.startsWith('Induction:')) {
        // The physician writes the taper plan and its order at the first induction dose.
        await orders.orderTaper(givenAt, taperPlan.inductionGiven(givenAt));
      }
      if (!held && isPrn(dose)) reassessAt = Math.min(reassessAt, givenAt.getTime() + (55 + random() * 15) * 60_000);
    }
    t = reassessAt;
  }
  // The physician's taper plan, as ordered at induction (demo-taper.ts).
  await taperPlan.write(trx, admission.id, s.physicianId);
}

/** Decides the doses a unit would give after each score, and how much they soften the course. */
class TreatmentCourse {
  private inductedAtHours: number | null = null;
  private lastGiven = new Map<string, number>();
  private loperamide24h: { at: number; mg: number }[] = [];

  constructor(
    private readonly patient: DemoPatient,
    private readonly lastUse: Date,
  ) {}

  effect(hours: number): number {
    if (this.inductedAtHours !== null && hours > this.inductedAtHours + 1) return 0.35;
    if (this.lastGiven.has('clonidine')) return 0.8;
    return 1;
  }

  private due(drug: string, hours: number, intervalHours: number): boolean {
    const last = this.lastGiven.get(drug);
    return last === undefined || hours - last >= intervalHours;
  }

  dosesAfter(cows: SimulatedCows, takenAt: Date, hours: number): PlannedDose[] {
    const doses: PlannedDose[] = [];
    const give = (dose: PlannedDose) => {
      doses.push(dose);
      this.lastGiven.set(dose.drug, hours);
    };
    const localHour = DateTime.fromJSDate(takenAt, { zone: DEMO_UNIT.timeZone }).hour;
    const minBupHours = this.patient.opioidKind === 'short' ? 12 : 36;

    if (this.patient.plan === 'buprenorphine') {
      if (this.inductedAtHours === null && cows.total >= 8 && hours >= minBupHours) {
        this.inductedAtHours = hours;
        give({
          drug: 'buprenorphine',
          doseMg: 4,
          route: 'SL',
          indication: `Induction: COWS ${cows.total}, ${Math.round(hours)} h since last use`,
        });
      } else if (
        this.inductedAtHours !== null &&
        hours - this.inductedAtHours < INDUCTION_WINDOW_HOURS &&
        cows.total >= 8 &&
        this.due('buprenorphine', hours, 2)
      ) {
        // Further induction doses for 8 h while withdrawal persists; the taper follows (demo-taper.ts).
        give({ drug: 'buprenorphine', doseMg: 4, route: 'SL', indication: `Induction, COWS still ${cows.total}` });
      }
    } else if (cows.total >= 8 && this.due('clonidine', hours, 6)) {
      // §6.3: 0.1 mg PO q6-8h, hold if SBP < 90, DBP < 60 or HR < 60.
      give({ drug: 'clonidine', doseMg: 0.1, route: 'PO', indication: `COWS ${cows.total}: autonomic symptoms` });
    }

    if ((cows.items.giUpset ?? 0) >= 3) {
      const dayTotal = this.loperamide24h.filter((d) => hours - d.at < 24).reduce((sum, d) => sum + d.mg, 0);
      const mg = dayTotal === 0 ? 4 : 2;
      // §6.5: 4 mg first, then 2 mg; never past 16 mg in 24 h.
      if (dayTotal + mg <= 16) {
        this.loperamide24h.push({ at: hours, mg });
        give({ drug: 'loperamide', doseMg: mg, route: 'PO', indication: 'Loose stools' });
      }
    }
    if ((cows.items.giUpset ?? 0) >= 2 && this.due('ondansetron', hours, 8))
      give({ drug: 'ondansetron', doseMg: 4, route: 'PO', indication: 'Nausea' });
    if ((cows.items.boneJointAches ?? 0) >= 2 && this.due('ibuprofen', hours, 6))
      give({ drug: 'ibuprofen', doseMg: 600, route: 'PO', indication: 'Bone and joint aches' });
    if ((cows.items.anxietyIrritability ?? 0) >= 2 && this.due('hydroxyzine', hours, 6))
      give({ drug: 'hydroxyzine', doseMg: 25, route: 'PO', indication: 'Anxiety' });
    if ((localHour >= 21 || localHour < 1) && this.due('trazodone', hours, 20))
      give({ drug: 'trazodone', doseMg: 50, route: 'PO', indication: 'Insomnia, at bedtime' });
    void this.lastUse;
    return doses;
  }
}

/** Induction doses are given against a score, like PRN doses; taper doses are scheduled. */
function isPrn(dose: PlannedDose): boolean {
  return getDrug(dose.drug).prnByDefault || dose.indication.startsWith('Induction');
}

async function insertCows(
  trx: Transaction<Database>,
  admissionId: number,
  nurseId: number,
  takenAt: Date,
  cows: SimulatedCows,
): Promise<number> {
  const row = await trx
    .insertInto('assessment')
    .values({
      admission_id: admissionId,
      instrument: 'COWS',
      taken_at: takenAt.toISOString(),
      items: JSON.stringify(cows.items),
      total: cows.total,
      severity: bandFor(COWS, cows.total).severity,
      heart_rate: cows.heartRate,
      systolic: cows.systolic,
      diastolic: cows.diastolic,
      temperature_c: cows.temperatureC,
      respiratory_rate: cows.respiratoryRate,
      spo2: cows.spo2,
      note: null,
      supersedes_id: null,
      recorded_by: nurseId,
      recorded_at: new Date(takenAt.getTime() + 2 * 60_000).toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(trx, nurseId, 'nurse', 'assessment', row.id, takenAt);
  return row.id;
}

async function insertDose(
  trx: Transaction<Database>,
  admissionId: number,
  nurseId: number,
  givenAt: Date,
  dose: PlannedDose,
  status: 'given' | 'held',
  holdReason: string | null,
  assessmentId: number,
  orderId: number,
): Promise<void> {
  const row = await trx
    .insertInto('medication_administration')
    .values({
      admission_id: admissionId,
      drug: dose.drug,
      dose_mg: dose.doseMg,
      route: dose.route,
      given_at: givenAt.toISOString(),
      status,
      prn: isPrn(dose) ? 1 : 0,
      indication: dose.indication,
      hold_reason: holdReason,
      assessment_id: assessmentId,
      override_reason: null,
      order_id: orderId,
      warnings: '[]',
      supersedes_id: null,
      recorded_by: nurseId,
      recorded_at: new Date(givenAt.getTime() + 60_000).toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(trx, nurseId, 'nurse', 'administration', row.id, givenAt);
}

async function audit(
  trx: Transaction<Database>,
  userId: number,
  role: 'nurse' | 'physician',
  entity: string,
  entityId: number,
  at: Date,
) {
  // Sealed into the audit chain like any other row; stamped with the simulated time of the record.
  await appendAuditEvent(trx, {
    occurred_at: at.toISOString(),
    user_id: userId,
    user_role: role,
    action: 'create',
    entity,
    entity_id: entityId,
    outcome: 'success',
    address: 'demo-seed',
  });
}
