import { createHash, scryptSync } from 'node:crypto';
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { COWS, DEFAULT_UNIT_PROTOCOL, type DrugId, bandFor, cowsPulseItemScore, getDrug } from '@detox/shared';
import { prng } from '../../server/src/db/seed/simulation.js';
import { ARTIFACTS_DIR, REPO_ROOT, startBenchServer } from './server-process.js';

/**
 * Bench databases: many units and months of discharged admissions charted like a real detox unit
 * (q4h COWS with every item and vital signs, a reassessment about an hour after each PRN dose,
 * buprenorphine induction and taper or clonidine, comfort medications, corrections, taper plans,
 * precipitated-withdrawal alerts), written straight into a SQLite file that the server itself has
 * migrated, so the schema is exactly the real one.
 *
 * The history is deterministic (seeded PRNG; it ends a week before the start of the current UTC
 * month) and cached under tests/artifacts/bench-db/, keyed by a hash of the migrations, the
 * generator's version and the scale: building the large one takes a minute or two, reusing it a second.
 * Each run copies the cached file to a temp directory and adds "the present" (the patients on the
 * units now, charted up to the moment the bench starts), so the census board is current.
 *
 * No audit rows are written: audit_event is the server's to write (and its chain with it).
 *
 * Build ahead of a bench run: `npx tsx tests/bench/seed-large.ts [large|small]` at the repo root.
 */

export interface BenchDbScale {
  name: string;
  units: number;
  bedsPerUnit: number;
  /** Days of discharged admissions before the present. */
  historyDays: number;
}

/** About 2 million assessments (and 1.3 million doses): 20 units of 40 beds, a year of stays. */
export const LARGE_DB: BenchDbScale = { name: 'large', units: 20, bedsPerUnit: 40, historyDays: 365 };
/** About 10,000 assessments: one unit of 40 beds, a month of stays, the same generator. */
export const SMALL_DB: BenchDbScale = { name: 'small', units: 1, bedsPerUnit: 40, historyDays: 30 };

/** Part of the cache key with the migrations and the scale: bump it whenever the generated data changes. */
const GENERATOR_VERSION = 2;
const CACHE_DIR = path.join(ARTIFACTS_DIR, 'bench-db');

/** Demo credentials, so benches log in the same way as against the demo unit. */
export const BENCH_USERS = {
  nurse: { username: 'nurse', password: 'demo-nurse' },
  physician: { username: 'physician', password: 'demo-physician' },
  admin: { username: 'admin', password: 'demo-admin' },
} as const;

export interface Counts {
  units: number;
  beds: number;
  patients: number;
  admissions: number;
  assessments: number;
  administrations: number;
  corrections: number;
  taperPlans: number;
  alerts: number;
}

export interface BenchDbInfo {
  scale: BenchDbScale;
  key: string;
  generatorVersion: number;
  historyStart: string;
  historyEnd: string;
  builtAt: string;
  buildMs: number;
  fileBytes: number;
  history: Counts;
  /** The unit the benches read (all its beds occupied in the present). */
  benchUnitId: number;
  /** The busiest discharged buprenorphine stay of 10 to 11 days on the bench unit, for timeline.get. */
  timelineAdmission: { id: number; days: number; assessments: number; administrations: number } | null;
}

export interface PreparedBenchDb {
  /** The per-run copy, with the present written into it: give it to the server as DATABASE_URL. */
  file: string;
  info: BenchDbInfo;
  present: Counts;
  /** Whether the cached history had to be built in this run. */
  built: boolean;
  /** Time spent here: building (if needed), copying, writing the present. */
  ms: { build: number; copy: number; present: number };
  cleanup(): void;
}

// ---------------------------------------------------------------------------------------------
// better-sqlite3, from the server's dependencies (the tests package does not depend on it).

interface Statement {
  run(...params: unknown[]): { lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface SqliteDatabase {
  prepare(sql: string): Statement;
  transaction<T>(fn: () => T): () => T;
  pragma(pragma: string, options?: { simple?: boolean }): unknown;
  exec(sql: string): void;
  close(): void;
}
type SqliteConstructor = new (file: string) => SqliteDatabase;
const Sqlite = createRequire(path.join(REPO_ROOT, 'server/package.json'))('better-sqlite3') as SqliteConstructor;

// ---------------------------------------------------------------------------------------------

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE_OFFSET_HOURS = -5; // America/New_York standard time: good enough for "morning" and "bedtime" in generated data

/** Untreated course, 0..1 by hours since last use (onset, peak, resolution as in docs/clinical.md §5). */
function courseShape(hours: number, kind: 'short' | 'long'): number {
  const [onset, peakFrom, peakTo, resolved] = kind === 'short' ? [8, 36, 60, 200] : [30, 76, 100, 400];
  if (hours <= onset) return 0.08 * Math.max(0, hours / onset);
  if (hours < peakFrom) return 0.08 + 0.92 * ((hours - onset) / (peakFrom - onset)) ** 1.2;
  if (hours <= peakTo) return 1;
  if (hours >= resolved) return 0.05;
  return 0.05 + 0.95 * ((resolved - hours) / (resolved - peakTo)) ** 1.6;
}

const FIRST = [
  'Alex',
  'Jordan',
  'Sam',
  'Taylor',
  'Casey',
  'Riley',
  'Morgan',
  'Jamie',
  'Avery',
  'Quinn',
  'Drew',
  'Robin',
  'Dana',
  'Lee',
  'Kim',
  'Pat',
  'Chris',
  'Terry',
  'Jesse',
  'Cameron',
];
const LAST = [
  'Garcia',
  'Smith',
  'Nguyen',
  'Johnson',
  'Brown',
  'Lopez',
  'Miller',
  'Davis',
  'Wilson',
  'Moore',
  'Clark',
  'Lewis',
  'Walker',
  'Hall',
  'Young',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
];
const SUBSTANCES: [string, 'short' | 'long'][] = [
  ['Heroin (IV)', 'short'],
  ['Illicit fentanyl (smoked)', 'short'],
  ['Illicit fentanyl (IV)', 'short'],
  ['Oxycodone (oral)', 'short'],
  ['Hydrocodone (oral)', 'short'],
  ['Methadone (stopped)', 'long'],
  ['Methadone maintenance, tapered', 'long'],
];
const NOTES = [
  'Restless, yawning',
  'Slept between checks',
  'Asked for something for cramps',
  'Anxious, pacing',
  'Tearing and runny nose',
  'Calmer after PRN',
  'Declined breakfast',
];

/** Items of a COWS summing exactly to `goal` with the given pulse item (the heart rate decides it). */
function itemPool(random: () => number) {
  const keys = COWS.items.map((i) => i.key).filter((k) => k !== 'pulse');
  const allowed = new Map(COWS.items.map((i) => [i.key, i.options.map((o) => o.value)]));
  const pools = new Map<string, { json: string; items: Record<string, number> }[]>();
  const make = (goal: number, pulse: number) => {
    const items: Record<string, number> = Object.fromEntries(COWS.items.map((i) => [i.key, 0]));
    items.pulse = pulse;
    let sum = pulse;
    for (let guard = 0; sum < goal && guard < 400; guard++) {
      const key = keys[Math.floor(random() * keys.length)] ?? 'yawning';
      const next = (allowed.get(key) ?? []).find((v) => v > (items[key] ?? 0));
      if (next === undefined || sum + next - (items[key] ?? 0) > goal) continue;
      sum += next - (items[key] ?? 0);
      items[key] = next;
    }
    // Fill any remainder one point at a time where a step of 1 exists.
    for (const key of keys) {
      while (sum < goal) {
        const next = (allowed.get(key) ?? []).find((v) => v > (items[key] ?? 0));
        if (next === undefined || sum + next - (items[key] ?? 0) > goal) break;
        sum += next - (items[key] ?? 0);
        items[key] = next;
      }
    }
    return { json: JSON.stringify(items), items, total: sum };
  };
  return (target: number, pulse: number) => {
    const goal = Math.max(target, pulse);
    const k = `${goal}:${pulse}`;
    let pool = pools.get(k);
    if (!pool) {
      pool = [];
      pools.set(k, pool);
    }
    if (pool.length < 12) {
      const made = make(goal, pulse);
      pool.push(made);
      return { ...made, total: made.total };
    }
    const picked = pool[Math.floor(random() * pool.length)] ?? pool[0];
    if (!picked) throw new Error('empty item pool');
    let total = 0;
    for (const v of Object.values(picked.items)) total += v;
    return { json: picked.json, items: picked.items, total };
  };
}

const SEVERITY_BY_TOTAL = Array.from({ length: COWS.maxTotal + 1 }, (_, total) => bandFor(COWS, total).severity);

interface StayPlan {
  admissionId: number;
  admitMs: number;
  lastUseMs: number;
  kind: 'short' | 'long';
  plan: 'buprenorphine' | 'clonidine';
  peak: number;
  discharged: boolean;
}

/** Writes units, users and charts; the statements are prepared once. */
class Writer {
  readonly counts: Counts = {
    units: 0,
    beds: 0,
    patients: 0,
    admissions: 0,
    assessments: 0,
    administrations: 0,
    corrections: 0,
    taperPlans: 0,
    alerts: 0,
  };
  private readonly s: Record<string, Statement>;
  private readonly items: ReturnType<typeof itemPool>;
  private nurses: number[] = [];
  private physicians: number[] = [];
  private recentPatients: number[] = [];
  /** The standing order of each (admission, drug), written at the stay's first dose of the drug. */
  private readonly orders = new Map<string, number>();

  constructor(
    db: SqliteDatabase,
    private readonly random: () => number,
    /** MRN prefix: the present is written with another, so it never collides with the history. */
    private readonly mrnPrefix = 'BN',
  ) {
    this.items = itemPool(random);
    this.s = {
      user: db.prepare(
        'insert into app_user (username, name, role, password_hash, active, created_at) values (?, ?, ?, ?, 1, ?)',
      ),
      unit: db.prepare(
        'insert into unit (name, time_zone, shift_starts, assessment_interval_minutes, prn_reassess_minutes, created_at) values (?, \'America/New_York\', \'["07:00","19:00"]\', 240, 60, ?)',
      ),
      protocol: db.prepare(
        "insert into unit_protocol (unit_id, version, protocol, reason, recorded_by, recorded_at) values (?, 1, ?, 'Defaults from the clinical reference', null, ?)",
      ),
      bed: db.prepare('insert into bed (unit_id, label, sort_order) values (?, ?, ?)'),
      patient: db.prepare('insert into patient (mrn, name, birth_date, created_at) values (?, ?, ?, ?)'),
      admission: db.prepare(
        'insert into admission (unit_id, bed, patient_id, substance, opioid_kind, last_use_at, admitted_at, discharged_at, recorded_by, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      assessment: db.prepare(
        `insert into assessment (admission_id, instrument, taken_at, items, total, severity, heart_rate, systolic, diastolic, temperature_c, respiratory_rate, spo2, note, supersedes_id, recorded_by, recorded_at)
         values (?, 'COWS', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      dose: db.prepare(
        `insert into medication_administration (admission_id, drug, dose_mg, route, given_at, status, prn, indication, hold_reason, assessment_id, override_reason, override_by, warnings, protocol_version, supersedes_id, recorded_by, recorded_at, order_id)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, '[]', 1, null, ?, ?, ?)`,
      ),
      // Every dose names its order (issue 9): one standing order per drug of a stay, from admission.
      order: db.prepare(
        `insert into medication_order (admission_id, drug, dose_mg, dose_max_mg, route, kind, times_of_day, indication, start_at, ordered_by, entered_by, channel, read_back, protocol_version, recorded_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'written', 0, 1, ?)`,
      ),
      correction: db.prepare(
        'insert into record_correction (record_type, record_id, action, replacement_id, reason, corrected_by, corrected_at) values (?, ?, ?, ?, ?, ?, ?)',
      ),
      taper: db.prepare(
        'insert into taper_plan (admission_id, drug, days, recorded_by, recorded_at) values (?, ?, ?, ?, ?)',
      ),
      alert: db.prepare(
        "insert into alert (admission_id, code, severity, message, assessment_id, raised_at) values (?, 'precipitated-withdrawal', 'danger', ?, ?, ?)",
      ),
      ack: db.prepare(
        'insert into alert_acknowledgement (alert_id, note, acknowledged_by, acknowledged_at) values (?, ?, ?, ?)',
      ),
    };
  }

  private pick<T>(list: readonly T[]): T {
    const v = list[Math.floor(this.random() * list.length)] ?? list[0];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }

  private insert(name: string, ...params: unknown[]): number {
    const statement = this.s[name];
    if (!statement) throw new Error(`no statement ${name}`);
    return Number(statement.run(...params).lastInsertRowid);
  }

  /** Users with the demo credentials, and a staff of nurses and physicians who chart. */
  users(createdAt: string): void {
    const hash = (username: string, password: string) => {
      const salt = createHash('sha256').update(`bench-salt:${username}`).digest().subarray(0, 16);
      // Cheaper than the server's own parameters (stored beside the hash, so login still verifies):
      // three hashes at N=2^17 take seconds on a busy machine, and no bench measures login.
      const N = 2 ** 14;
      const key = scryptSync(password.normalize('NFKC'), salt, 32, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
      return ['scrypt', N, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    };
    const nurseHash = hash(BENCH_USERS.nurse.username, BENCH_USERS.nurse.password);
    const physicianHash = hash(BENCH_USERS.physician.username, BENCH_USERS.physician.password);
    this.nurses.push(this.insert('user', BENCH_USERS.nurse.username, 'Ana Reyes, RN', 'nurse', nurseHash, createdAt));
    this.physicians.push(
      this.insert('user', BENCH_USERS.physician.username, 'Dr. Ben Carter', 'physician', physicianHash, createdAt),
    );
    this.insert(
      'user',
      BENCH_USERS.admin.username,
      'Unit Admin',
      'admin',
      hash(BENCH_USERS.admin.username, BENCH_USERS.admin.password),
      createdAt,
    );
    // The rest of the staff share the demo passwords (one scrypt each would cost seconds for nothing).
    for (let i = 1; i <= 60; i++)
      this.nurses.push(
        this.insert(
          'user',
          `bench-nurse-${i}`,
          `${this.pick(FIRST)} ${this.pick(LAST)}, RN`,
          'nurse',
          nurseHash,
          createdAt,
        ),
      );
    for (let i = 1; i <= 8; i++)
      this.physicians.push(
        this.insert(
          'user',
          `bench-physician-${i}`,
          `Dr. ${this.pick(FIRST)} ${this.pick(LAST)}`,
          'physician',
          physicianHash,
          createdAt,
        ),
      );
  }

  /** The staff of an existing database (when writing the present into a copy). */
  useStaff(nurses: number[], physicians: number[]): void {
    this.nurses = nurses;
    this.physicians = physicians;
  }

  unit(index: number, beds: number, createdAt: string): number {
    const id = this.insert('unit', `Bench Ward ${String(index).padStart(2, '0')}`, createdAt);
    this.insert('protocol', id, JSON.stringify(DEFAULT_UNIT_PROTOCOL), createdAt);
    for (let b = 1; b <= beds; b++) this.insert('bed', id, String(b), b);
    this.counts.units++;
    this.counts.beds += beds;
    return id;
  }

  private patient(atMs: number): number {
    // About one stay in twelve is a readmission of a recent patient.
    if (this.recentPatients.length > 50 && this.random() < 0.08) return this.pick(this.recentPatients);
    this.counts.patients++;
    const n = this.counts.patients;
    const birthYear = 1955 + Math.floor(this.random() * 50);
    const id = this.insert(
      'patient',
      `${this.mrnPrefix}${String(n).padStart(8, '0')}`,
      `${this.pick(FIRST)} ${this.pick(LAST)}`,
      `${birthYear}-${String(1 + Math.floor(this.random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(this.random() * 28)).padStart(2, '0')}`,
      new Date(atMs).toISOString(),
    );
    this.recentPatients.push(id);
    if (this.recentPatients.length > 400) this.recentPatients.shift();
    return id;
  }

  /** One admission and its chart from admission to `endMs` (discharge, or now for a current stay). */
  stay(unitId: number, bed: string, admitMs: number, endMs: number, discharged: boolean): StayPlan {
    const [substance, kind] = this.pick(SUBSTANCES);
    const lastUseMs = admitMs - (kind === 'short' ? 4 + this.random() * 20 : 12 + this.random() * 36) * HOUR;
    const nurse = this.pick(this.nurses);
    const admissionId = this.insert(
      'admission',
      unitId,
      bed,
      this.patient(admitMs),
      substance,
      kind,
      new Date(lastUseMs).toISOString(),
      new Date(admitMs).toISOString(),
      discharged ? new Date(endMs).toISOString() : null,
      nurse,
      new Date(admitMs + 5 * MINUTE).toISOString(),
    );
    this.counts.admissions++;
    const stay: StayPlan = {
      admissionId,
      admitMs,
      lastUseMs,
      kind,
      plan: this.random() < 0.62 ? 'buprenorphine' : 'clonidine',
      peak: 14 + this.random() * 18,
      discharged,
    };
    this.chart(stay, endMs);
    return stay;
  }

  private dose(
    stay: StayPlan,
    drug: string,
    mg: number,
    route: string,
    givenMs: number,
    status: 'given' | 'held' | 'refused',
    prn: boolean,
    indication: string,
    holdReason: string | null,
    assessmentId: number | null,
    nurse: number,
  ): number {
    const key = `${stay.admissionId}:${drug}`;
    let orderId = this.orders.get(key);
    if (orderId === undefined) {
      const info = getDrug(drug as DrugId);
      const physician = this.pick(this.physicians);
      const at = new Date(stay.admitMs).toISOString();
      orderId = this.insert(
        'order',
        stay.admissionId,
        drug,
        Math.min(...info.typicalDosesMg, mg),
        DEFAULT_UNIT_PROTOCOL.drugs[drug as DrugId].plausibleMaxDoseMg,
        route,
        prn ? 'prn' : 'scheduled',
        prn ? null : '["08:00"]',
        indication,
        at,
        physician,
        physician,
        at,
      );
      this.orders.set(key, orderId);
    }
    const id = this.insert(
      'dose',
      stay.admissionId,
      drug,
      mg,
      route,
      new Date(givenMs).toISOString(),
      status,
      prn ? 1 : 0,
      indication,
      holdReason,
      assessmentId,
      nurse,
      new Date(givenMs + (1 + this.random() * 4) * MINUTE).toISOString(),
      orderId,
    );
    this.counts.administrations++;
    if (this.random() < 0.004) {
      this.insert(
        'correction',
        'administration',
        id,
        'entered-in-error',
        null,
        'Charted on the wrong patient',
        nurse,
        new Date(givenMs + 40 * MINUTE).toISOString(),
      );
      this.counts.corrections++;
    }
    return id;
  }

  private chart(stay: StayPlan, endMs: number): void {
    const r = this.random;
    let t = stay.admitMs + (5 + r() * 20) * MINUTE;
    let inductedAtH: number | null = null;
    let taperMornings = 0;
    let precipitatedNext = false;
    const lastGiven = new Map<string, number>();
    const loperamide: { at: number; mg: number }[] = [];
    let nurse = this.pick(this.nurses);
    let shift = -1;
    while (t < endMs - 15 * MINUTE) {
      const hours = (t - stay.lastUseMs) / HOUR;
      const utcHour = new Date(t).getUTCHours();
      const localHour = (utcHour + 24 + ZONE_OFFSET_HOURS) % 24;
      const shiftNow = Math.floor((t + (24 + ZONE_OFFSET_HOURS - 7) * HOUR) / (12 * HOUR));
      if (shiftNow !== shift) {
        shift = shiftNow;
        nurse = this.pick(this.nurses);
      }
      const effect = inductedAtH !== null && hours > inductedAtH + 1 ? 0.35 : lastGiven.has('clonidine') ? 0.8 : 1;
      let target = Math.round(stay.peak * courseShape(hours, stay.kind) * effect + (r() - 0.5) * 4);
      const alertOnThisScore = precipitatedNext;
      if (precipitatedNext) {
        target += 8;
        precipitatedNext = false;
      }
      target = Math.max(0, Math.min(40, target));
      const heartRate = Math.round(68 + target * 1.6 + (r() - 0.5) * 12);
      const cows = this.items(target, cowsPulseItemScore(heartRate));
      const systolic = Math.round(112 + target * 0.8 + (r() - 0.5) * 30);
      const diastolic = Math.round(70 + target * 0.4 + (r() - 0.5) * 16);
      const temperature = Math.round((36.6 + target * 0.02 + (r() - 0.5) * 0.6) * 10) / 10;
      const respiratory = Math.round(14 + target / 8 + r() * 4);
      const spo2 = Math.round(94 + r() * 5);
      const note = r() < 0.06 ? this.pick(NOTES) : null;
      const takenAt = new Date(t).toISOString();
      const severity = SEVERITY_BY_TOTAL[cows.total] ?? 'severe';
      let assessmentId = this.insert(
        'assessment',
        stay.admissionId,
        takenAt,
        cows.json,
        cows.total,
        severity,
        heartRate,
        systolic,
        diastolic,
        temperature,
        respiratory,
        spo2,
        note,
        null,
        nurse,
        new Date(t + (1 + r() * 5) * MINUTE).toISOString(),
      );
      this.counts.assessments++;
      const c = r();
      if (c < 0.004) {
        this.insert(
          'correction',
          'assessment',
          assessmentId,
          'entered-in-error',
          null,
          'Charted on the wrong patient',
          nurse,
          new Date(t + 30 * MINUTE).toISOString(),
        );
        this.counts.corrections++;
      } else if (c < 0.01) {
        // Replaced: a new row with the corrected form, superseding the old one.
        const replacement = this.insert(
          'assessment',
          stay.admissionId,
          takenAt,
          cows.json,
          cows.total,
          severity,
          heartRate,
          systolic,
          diastolic,
          temperature,
          respiratory,
          spo2,
          'Pupils re-checked',
          assessmentId,
          nurse,
          new Date(t + 20 * MINUTE).toISOString(),
        );
        this.counts.assessments++;
        this.insert(
          'correction',
          'assessment',
          assessmentId,
          'replaced',
          replacement,
          'Pupil size scored on the wrong eye',
          nurse,
          new Date(t + 20 * MINUTE).toISOString(),
        );
        this.counts.corrections++;
        assessmentId = replacement;
      }
      if (alertOnThisScore) this.raiseAlert(stay, assessmentId, t);

      // Doses decided on this score (docs/clinical.md §6), given 8-23 minutes later.
      let reassessAt = t + 4 * HOUR + (r() - 0.5) * 40 * MINUTE;
      const give = (
        drug: string,
        mg: number,
        route: string,
        prn: boolean,
        indication: string,
        heldBy?: string | null,
      ) => {
        const givenMs = t + (8 + r() * 15) * MINUTE;
        if (givenMs >= endMs) return;
        const status = heldBy ? 'held' : r() < 0.015 ? 'refused' : 'given';
        this.dose(
          stay,
          drug,
          mg,
          route,
          givenMs,
          status,
          prn,
          indication,
          heldBy ?? (status === 'refused' ? 'Patient declined' : null),
          prn ? assessmentId : null,
          nurse,
        );
        lastGiven.set(drug, hours);
        if (prn && status === 'given') reassessAt = Math.min(reassessAt, givenMs + (55 + r() * 15) * MINUTE);
        return givenMs;
      };
      const due = (drug: string, intervalH: number) => {
        const last = lastGiven.get(drug);
        return last === undefined || hours - last >= intervalH;
      };
      const items = cows.items;
      if (stay.plan === 'buprenorphine') {
        const minHours = stay.kind === 'short' ? 12 : 36;
        if (inductedAtH === null && cows.total >= 8 && hours >= minHours) {
          inductedAtH = hours;
          const givenMs = give(
            'buprenorphine',
            4,
            'SL',
            true,
            `Induction: COWS ${cows.total}, ${Math.round(hours)} h since last use`,
          );
          if (givenMs !== undefined) {
            const physician = this.pick(this.physicians);
            const start = 12 - (r() < 0.3 ? 4 : 0);
            const days = Array.from({ length: 7 }, (_, i) => ({ day: i + 1, totalMg: Math.max(0, start - 2 * i) }));
            this.insert(
              'taper',
              stay.admissionId,
              'buprenorphine',
              JSON.stringify(days),
              physician,
              new Date(givenMs + HOUR).toISOString(),
            );
            this.counts.taperPlans++;
            if (r() < 0.2) {
              const slower = Array.from({ length: 9 }, (_, i) => ({
                day: i + 1,
                totalMg: Math.max(0, start - 1.5 * i),
              }));
              this.insert(
                'taper',
                stay.admissionId,
                'buprenorphine',
                JSON.stringify(slower),
                physician,
                new Date(givenMs + 26 * HOUR).toISOString(),
              );
              this.counts.taperPlans++;
            }
            if (r() < 0.03) precipitatedNext = true;
          }
        } else if (inductedAtH !== null) {
          const since = hours - inductedAtH;
          const dailyMg = 12 - 2 * taperMornings;
          if (since < 8 && cows.total >= 8 && due('buprenorphine', 2)) {
            give('buprenorphine', 4, 'SL', true, `Induction, COWS still ${cows.total}`);
          } else if (since >= 8 && dailyMg > 0 && localHour >= 6 && localHour < 11 && due('buprenorphine', 12)) {
            taperMornings++;
            give('buprenorphine', dailyMg, 'SL', false, `Taper: ${dailyMg} mg daily`);
          }
        }
      } else if (cows.total >= 8 && due('clonidine', 6)) {
        const hold =
          systolic < 90 || diastolic < 60 || heartRate < 60
            ? `Hold parameter: BP ${systolic}/${diastolic}, HR ${heartRate}`
            : null;
        give('clonidine', 0.1, 'PO', true, `COWS ${cows.total}: autonomic symptoms`, hold);
      }
      if ((items.giUpset ?? 0) >= 3) {
        const dayTotal = loperamide.filter((d) => hours - d.at < 24).reduce((sum, d) => sum + d.mg, 0);
        const mg = dayTotal === 0 ? 4 : 2;
        if (dayTotal + mg <= 16) {
          loperamide.push({ at: hours, mg });
          give('loperamide', mg, 'PO', true, 'Loose stools');
        }
      }
      if ((items.giUpset ?? 0) >= 2 && due('ondansetron', 8)) give('ondansetron', 4, 'PO', true, 'Nausea');
      if ((items.boneJointAches ?? 0) >= 2 && due('ibuprofen', 6))
        give('ibuprofen', 600, 'PO', true, 'Bone and joint aches');
      if ((items.anxietyIrritability ?? 0) >= 2 && due('hydroxyzine', 6))
        give('hydroxyzine', 25, 'PO', true, 'Anxiety');
      if ((localHour >= 21 || localHour < 1) && due('trazodone', 20))
        give('trazodone', 50, 'PO', false, 'Insomnia, at bedtime');
      t = reassessAt;
    }
  }

  /** A precipitated-withdrawal alert on a score after the first buprenorphine dose; acknowledged once seen. */
  private raiseAlert(stay: StayPlan, assessmentId: number, takenMs: number): void {
    const raisedMs = takenMs + 2 * MINUTE;
    const id = this.insert(
      'alert',
      stay.admissionId,
      'Possible precipitated withdrawal: COWS rose after the first buprenorphine dose. Tell the physician now.',
      assessmentId,
      new Date(raisedMs).toISOString(),
    );
    this.counts.alerts++;
    if (stay.discharged || this.random() < 0.5) {
      this.insert(
        'ack',
        id,
        'Seen; symptomatic treatment, induction paused',
        this.pick(this.physicians),
        new Date(raisedMs + (10 + this.random() * 30) * MINUTE).toISOString(),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------

function historyWindow(scale: BenchDbScale, now: Date): { startMs: number; endMs: number } {
  // A week before the start of the current UTC month: the present (stays of up to a week) fits after it.
  const endMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 8 * DAY;
  return { startMs: endMs - scale.historyDays * DAY, endMs };
}

function sourceHash(scale: BenchDbScale, now: Date): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ scale, GENERATOR_VERSION, month: now.toISOString().slice(0, 7) }));
  const dbDir = path.join(REPO_ROOT, 'server/src/db');
  hash.update(readFileSync(path.join(dbDir, 'migrate.ts')));
  for (const file of readdirSync(path.join(dbDir, 'migrations')).sort()) {
    if (file.endsWith('.ts')) hash.update(file).update(readFileSync(path.join(dbDir, 'migrations', file)));
  }
  return hash.digest('hex').slice(0, 16);
}

function cachePaths(scale: BenchDbScale, key: string) {
  const base = path.join(CACHE_DIR, `${scale.name}-${key}`);
  return { file: `${base}.sqlite`, info: `${base}.json` };
}

/** Builds the history of `scale` into a fresh, server-migrated file; returns what it wrote. */
async function buildHistory(
  scale: BenchDbScale,
  file: string,
  now: Date,
  log: (m: string) => void,
): Promise<Omit<BenchDbInfo, 'key' | 'builtAt' | 'buildMs' | 'fileBytes'>> {
  // The server migrates the empty file (SEED=none), exactly as in production.
  const server = await startBenchServer({ seed: 'none', env: { DATABASE_URL: file } });
  await server.stop();

  const db = new Sqlite(file);
  try {
    // Bulk load only: no journal, no fsync, a big page cache. A failed build is thrown away.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('cache_size = -524288');
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    const { startMs, endMs } = historyWindow(scale, now);
    const random = prng(20261127);
    const writer = new Writer(db, random);
    const unitIds: number[] = [];
    db.transaction(() => {
      writer.users(new Date(startMs - 30 * DAY).toISOString());
      for (let u = 1; u <= scale.units; u++)
        unitIds.push(writer.unit(u, scale.bedsPerUnit, new Date(startMs - 30 * DAY).toISOString()));
    })();
    const benchUnitId = unitIds[0] ?? 1;
    let timeline: { id: number; days: number; records: number } | null = null;
    const started = Date.now();
    for (const [index, unitId] of unitIds.entries()) {
      db.transaction(() => {
        for (let b = 1; b <= scale.bedsPerUnit; b++) {
          let t = startMs - random() * 5 * DAY;
          for (;;) {
            // Stays of 3 to 11 days, a few shorter (left early) and longer; 2 to 30 hours between.
            const roll = random();
            const days = roll < 0.08 ? 1 + random() * 2 : roll > 0.94 ? 10 + random() * 4 : 3 + random() * 8;
            const endStay = t + days * DAY;
            if (endStay > endMs) break;
            const before = writer.counts.assessments + writer.counts.administrations;
            const stay = writer.stay(unitId, String(b), t, endStay, true);
            // The timeline bench reads the busiest 10-day buprenorphine stay of the bench unit
            // (induction, taper plan, comfort medications, reassessments after PRN doses).
            const records = writer.counts.assessments + writer.counts.administrations - before;
            if (
              unitId === benchUnitId &&
              days >= 10 &&
              days < 11 &&
              stay.plan === 'buprenorphine' &&
              records > (timeline?.records ?? 0)
            ) {
              timeline = { id: stay.admissionId, days, records };
            }
            t = endStay + (2 + random() * 28) * HOUR;
          }
        }
      })();
      log(
        `unit ${index + 1}/${unitIds.length}: ${writer.counts.assessments} assessments, ${writer.counts.administrations} doses so far (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
    const analyzeStarted = Date.now();
    db.exec('ANALYZE');
    log(`ANALYZE in ${Date.now() - analyzeStarted} ms`);
    const chosen = timeline as { id: number; days: number; records: number } | null;
    const timelineAdmission = chosen
      ? {
          id: chosen.id,
          days: Math.round(chosen.days * 10) / 10,
          assessments: (
            db.prepare('select count(*) as n from assessment where admission_id = ?').get(chosen.id) as { n: number }
          ).n,
          administrations: (
            db.prepare('select count(*) as n from medication_administration where admission_id = ?').get(chosen.id) as {
              n: number;
            }
          ).n,
        }
      : null;
    db.pragma('journal_mode = DELETE');
    return {
      scale,
      generatorVersion: GENERATOR_VERSION,
      historyStart: new Date(startMs).toISOString(),
      historyEnd: new Date(endMs).toISOString(),
      history: writer.counts,
      benchUnitId,
      timelineAdmission,
    };
  } finally {
    db.close();
  }
}

/**
 * Writes a database file's pages out to the disk now, not during the measurement that follows. The
 * history is built with the sync off: a gigabyte the kernel keeps in the page cache (this machine
 * writes back from 10 % of its memory, or after 30 s) and wrote back while the census board and the
 * timeline benches ran. On a fresh clone, where `pnpm bench` builds the history first, their p99s
 * went from about 6 to 15.9 and 10.1 ms; with the build flushed first, 6.0 and 5.5 ms. Each run's
 * copy is flushed as well: here the copy is already on the disk (11 ms), elsewhere it may not be.
 */
function flushToDisk(file: string): number {
  const started = Date.now();
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return Date.now() - started;
}

/** The cached history for `scale`, built (once per key) when missing. */
export async function cachedBenchDb(
  scale: BenchDbScale,
  log: (m: string) => void = () => {},
  now = new Date(),
): Promise<{ file: string; info: BenchDbInfo; built: boolean; ms: number }> {
  const started = Date.now();
  const key = sourceHash(scale, now);
  const paths = cachePaths(scale, key);
  if (existsSync(paths.file) && existsSync(paths.info)) {
    return {
      file: paths.file,
      info: JSON.parse(readFileSync(paths.info, 'utf8')) as BenchDbInfo,
      built: false,
      ms: Date.now() - started,
    };
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  log(
    `building the ${scale.name} bench database (${scale.units} units x ${scale.bedsPerUnit} beds, ${scale.historyDays} days) into ${path.relative(REPO_ROOT, paths.file)}`,
  );
  const tmp = `${paths.file}.tmp-${process.pid}`;
  try {
    const built = await buildHistory(scale, tmp, now, log);
    flushToDisk(tmp);
    const buildMs = Date.now() - started;
    const fileBytes = statSync(tmp).size;
    const info: BenchDbInfo = { ...built, key, builtAt: new Date().toISOString(), buildMs, fileBytes };
    // Older builds of this scale are stale now.
    for (const old of readdirSync(CACHE_DIR)) {
      if (old.startsWith(`${scale.name}-`) && !old.includes(key) && !old.includes('.tmp-'))
        rmSync(path.join(CACHE_DIR, old), { force: true });
    }
    renameSync(tmp, paths.file);
    writeFileSync(paths.info, `${JSON.stringify(info, null, 2)}\n`);
    log(
      `built in ${(buildMs / 1000).toFixed(1)} s: ${JSON.stringify(info.history)}, ${(fileBytes / 1e6).toFixed(0)} MB`,
    );
    return { file: paths.file, info, built: true, ms: buildMs };
  } finally {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-wal`, { force: true });
    rmSync(`${tmp}-shm`, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
  }
}

/** Per-run copies not yet removed. */
const liveCopies = new Set<string>();
process.once('exit', () => {
  for (const dir of liveCopies) rmSync(dir, { recursive: true, force: true });
});

/**
 * A private copy of the cached history with the present written into it: every bed of the bench
 * unit occupied (admitted 8 hours to 7 days ago) and most beds of the other units, charted up to now.
 */
export async function prepareBenchDb(
  scale: BenchDbScale,
  log: (m: string) => void = () => {},
  now = new Date(),
): Promise<PreparedBenchDb> {
  const cached = await cachedBenchDb(scale, log, now);
  const dir = mkdtempSync(path.join(tmpdir(), `detox-benchdb-${scale.name}-`));
  // A gigabyte per copy: removed by cleanup(), or at exit if the run is cut short (watchdog, Ctrl-C).
  liveCopies.add(dir);
  const file = path.join(dir, 'detox.sqlite');
  const copyStarted = Date.now();
  copyFileSync(cached.file, file, constants.COPYFILE_FICLONE);
  const copyMs = Date.now() - copyStarted;

  const presentStarted = Date.now();
  const db = new Sqlite(file);
  let present: Counts;
  try {
    // A throwaway copy: durability does not matter while writing the present.
    db.pragma('synchronous = OFF');
    const random = prng(7919);
    const writer = new Writer(db, random, 'BP');
    const staff = db
      .prepare("select id, role from app_user where role in ('nurse', 'physician') order by id")
      .all() as { id: number; role: string }[];
    writer.useStaff(
      staff.filter((s) => s.role === 'nurse').map((s) => s.id),
      staff.filter((s) => s.role === 'physician').map((s) => s.id),
    );
    const units = db
      .prepare(
        'select unit.id, count(bed.id) as beds from unit join bed on bed.unit_id = unit.id group by unit.id order by unit.id',
      )
      .all() as { id: number; beds: number }[];
    const nowMs = now.getTime();
    const earliest = Date.parse(cached.info.historyEnd) + 2 * HOUR;
    db.transaction(() => {
      for (const unit of units) {
        for (let b = 1; b <= unit.beds; b++) {
          const occupied = unit.id === cached.info.benchUnitId || random() < 0.85;
          if (!occupied) continue;
          const admitMs = Math.max(earliest, nowMs - (8 * HOUR + random() * 6.6 * DAY));
          writer.stay(unit.id, String(b), admitMs, nowMs, false);
        }
      }
    })();
    // Every bench user may chart on every unit (unit scoping, issue 11), as an upgraded installation starts.
    db.exec('insert or ignore into user_unit (user_id, unit_id) select app_user.id, unit.id from app_user, unit');
    // The timeline bench reads a stay discharged weeks ago: the bench units keep discharged stays readable.
    db.exec('update unit set discharged_visible_hours = 24 * 365');
    db.pragma('journal_mode = WAL');
    present = writer.counts;
  } finally {
    db.close();
  }
  const presentMs = Date.now() - presentStarted;
  const flushMs = flushToDisk(file);
  log(
    `${scale.name} database: ${cached.built ? `built in ${(cached.ms / 1000).toFixed(1)} s` : 'cached'}, copied in ${copyMs} ms, present (${present.admissions} stays, ${present.assessments} scores) written in ${presentMs} ms, flushed to disk in ${flushMs} ms`,
  );
  return {
    file,
    info: cached.info,
    present,
    built: cached.built,
    ms: { build: cached.built ? cached.ms : 0, copy: copyMs, present: presentMs },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      liveCopies.delete(dir);
    },
  };
}

// `npx tsx tests/bench/seed-large.ts [large|small]`: build (or show) the cached databases.
if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const wanted = process.argv.slice(2);
  const scales = [LARGE_DB, SMALL_DB].filter((s) => wanted.length === 0 || wanted.includes(s.name));
  for (const scale of scales) {
    const result = await cachedBenchDb(scale, (m) => console.log(m));
    console.log(
      `${scale.name}: ${result.file} (${result.built ? `built in ${(result.ms / 1000).toFixed(1)} s` : 'cached'})`,
    );
    console.log(JSON.stringify(result.info, null, 2));
  }
}
