import { createRequire } from 'node:module';
import path from 'node:path';
import { COWS, bandFor } from '@detox/shared';
// The demo seed's generator, so every generated series is reproducible the same way.
import { prng } from '../../server/src/db/seed/simulation.js';
import { REPO_ROOT } from './server-process.js';

/**
 * A 40-bed unit on a large database, written straight into the server's SQLite file (WAL lets the
 * running server keep reading): years of discharged admissions with their scores and doses, and 40
 * current patients charted every 4 hours with PRN and scheduled doses, corrections, taper plans and
 * alerts. Deterministic (seeded), so runs compare.
 */

interface Statement {
  run(...params: unknown[]): { lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): Statement;
  transaction<T>(fn: () => T): () => T;
  pragma(pragma: string): unknown;
  close(): void;
}
type SqliteConstructor = new (file: string) => SqliteDatabase;
const Sqlite = createRequire(path.join(REPO_ROOT, 'server/package.json'))('better-sqlite3') as SqliteConstructor;

export interface LargeUnitOptions {
  beds: number;
  /** Discharged admissions of the past, with their records: what makes the database "large". */
  pastAdmissions: number;
  now: Date;
}

export interface LargeUnit {
  unitId: number;
  assessments: number;
  administrations: number;
}

const HOUR = 3_600_000;
const band = (total: number) => bandFor(COWS, total).severity;

export function seedLargeUnit(sqliteFile: string, options: LargeUnitOptions): LargeUnit {
  const db = new Sqlite(sqliteFile);
  db.pragma('busy_timeout = 10000');
  const random = prng(4242);
  const iso = (ms: number) => new Date(ms).toISOString();
  const nowMs = options.now.getTime();
  const counts = { assessments: 0, administrations: 0 };
  try {
    const unitId = db.transaction(() => {
      const nurse = db.prepare("select id from app_user where role = 'nurse' order by id limit 1").get() as {
        id: number;
      };
      const unit = Number(
        db
          .prepare(
            'insert into unit (name, time_zone, shift_starts, assessment_interval_minutes, prn_reassess_minutes, created_at) values (?, ?, ?, 240, 60, ?)',
          )
          .run('Bench Ward', 'America/New_York', '["07:00","19:00"]', iso(nowMs)).lastInsertRowid,
      );
      // The charting nurse works on the unit: unit scoping refuses a report of a unit one is not assigned to.
      db.prepare('insert into user_unit (user_id, unit_id) values (?, ?)').run(nurse.id, unit);
      const bed = db.prepare('insert into bed (unit_id, label, sort_order) values (?, ?, ?)');
      for (let i = 1; i <= options.beds; i++) bed.run(unit, String(i), i);
      const patient = db.prepare('insert into patient (mrn, name, birth_date, created_at) values (?, ?, ?, ?)');
      const admission = db.prepare(
        'insert into admission (unit_id, bed, patient_id, substance, opioid_kind, last_use_at, admitted_at, discharged_at, recorded_by, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const assessment = db.prepare(
        `insert into assessment (admission_id, instrument, taken_at, items, total, severity, heart_rate, systolic, diastolic, temperature_c, respiratory_rate, spo2, note, supersedes_id, recorded_by, recorded_at)
         values (?, 'COWS', ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const dose = db.prepare(
        `insert into medication_administration (admission_id, drug, dose_mg, route, given_at, status, prn, indication, hold_reason, assessment_id, override_reason, warnings, supersedes_id, recorded_by, recorded_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, '[]', null, ?, ?)`,
      );
      const correction = db.prepare(
        "insert into record_correction (record_type, record_id, action, replacement_id, reason, corrected_by, corrected_at) values (?, ?, 'entered-in-error', null, 'Charted on the wrong patient', ?, ?)",
      );
      const taper = db.prepare(
        'insert into taper_plan (admission_id, drug, days, recorded_by, recorded_at) values (?, ?, ?, ?, ?)',
      );
      const alert = db.prepare(
        "insert into alert (admission_id, code, severity, message, assessment_id, raised_at) values (?, 'bench', 'warning', 'COWS rising fast', null, ?)",
      );

      /** One stay: scores every 4 h (with vitals), and PRN clonidine, loperamide and scheduled buprenorphine. */
      const chart = (admissionId: number, fromMs: number, toMs: number) => {
        let lastScore = 0;
        for (let t = fromMs + 10 * 60_000; t < toMs; t += 4 * HOUR + (random() - 0.5) * 40 * 60_000) {
          const total = Math.max(
            0,
            Math.min(40, Math.round(6 + 14 * Math.sin(((t - fromMs) / (96 * HOUR)) * Math.PI) + (random() - 0.5) * 8)),
          );
          const hr = Math.round(70 + total * 1.6 + random() * 12);
          lastScore = Number(
            assessment.run(
              admissionId,
              iso(t),
              total,
              band(total),
              hr,
              110 + Math.round(random() * 50),
              65 + Math.round(random() * 30),
              36.5 + Math.round(random() * 15) / 10,
              14 + Math.round(random() * 8),
              93 + Math.round(random() * 6),
              random() < 0.1 ? 'Restless, yawning' : null,
              null,
              nurse.id,
              iso(t + 60_000),
            ).lastInsertRowid,
          );
          counts.assessments++;
          if (random() < 0.02) correction.run('assessment', lastScore, nurse.id, iso(t + 30 * 60_000));
          if (total >= 10 && random() < 0.6) {
            const status = random() < 0.15 ? 'held' : 'given';
            const id = Number(
              dose.run(
                admissionId,
                'clonidine',
                0.1,
                'PO',
                iso(t + 5 * 60_000),
                status,
                1,
                'Sweating, restlessness',
                status === 'held' ? 'SBP below 90' : null,
                lastScore,
                nurse.id,
                iso(t + 6 * 60_000),
              ).lastInsertRowid,
            );
            counts.administrations++;
            if (random() < 0.02) correction.run('administration', id, nurse.id, iso(t + 30 * 60_000));
          }
          if (random() < 0.3) {
            dose.run(
              admissionId,
              'loperamide',
              random() < 0.5 ? 2 : 4,
              'PO',
              iso(t + 15 * 60_000),
              'given',
              1,
              'Loose stool',
              null,
              null,
              nurse.id,
              iso(t + 16 * 60_000),
            );
            counts.administrations++;
          }
          if (random() < 0.25) {
            dose.run(
              admissionId,
              'buprenorphine',
              4,
              'SL',
              iso(t + 20 * 60_000),
              random() < 0.05 ? 'refused' : 'given',
              0,
              'Taper',
              random() < 0.05 ? 'Declined' : null,
              null,
              nurse.id,
              iso(t + 21 * 60_000),
            );
            counts.administrations++;
          }
        }
      };

      let mrn = 0;
      const newPatient = () => {
        mrn++;
        return Number(
          patient.run(`BW-${String(mrn).padStart(6, '0')}`, `Bench Patient ${mrn}`, '1980-05-05', iso(nowMs))
            .lastInsertRowid,
        );
      };
      // The past: stays of about 5 days, one after another in each bed, going back in time.
      const perBed = Math.ceil(options.pastAdmissions / options.beds);
      for (let b = 1; b <= options.beds; b++) {
        let endMs = nowMs - 8 * 24 * HOUR;
        for (let k = 0; k < perBed && (b - 1) * perBed + k < options.pastAdmissions; k++) {
          const startMs = endMs - (4 + random() * 3) * 24 * HOUR;
          const id = Number(
            admission.run(
              unit,
              String(b),
              newPatient(),
              'Heroin (IV)',
              'short',
              iso(startMs - 12 * HOUR),
              iso(startMs),
              iso(endMs),
              nurse.id,
              iso(startMs),
            ).lastInsertRowid,
          );
          chart(id, startMs, endMs);
          endMs = startMs - random() * 12 * HOUR;
        }
      }
      // The present: every bed occupied, admitted 1 to 7 days ago.
      for (let b = 1; b <= options.beds; b++) {
        const startMs = nowMs - (1 + random() * 6) * 24 * HOUR;
        const id = Number(
          admission.run(
            unit,
            String(b),
            newPatient(),
            b % 3 === 0 ? 'Methadone (stopped)' : 'Illicit fentanyl',
            b % 3 === 0 ? 'long' : 'short',
            iso(startMs - 10 * HOUR),
            iso(startMs),
            null,
            nurse.id,
            iso(startMs),
          ).lastInsertRowid,
        );
        chart(id, startMs, nowMs);
        if (b % 2 === 0)
          taper.run(
            id,
            'buprenorphine',
            JSON.stringify(Array.from({ length: 8 }, (_, i) => ({ day: i + 1, totalMg: Math.max(0, 16 - 2 * i) }))),
            nurse.id,
            iso(startMs),
          );
        if (b % 7 === 0) alert.run(id, iso(nowMs - 2 * HOUR));
      }
      return unit;
    })();
    return { unitId, ...counts };
  } finally {
    db.close();
  }
}
