import { describe, expect, it } from 'vitest';
import { administrationFromRow } from '../services/administration-record.js';
import { assessmentFromRow } from '../services/assessment-record.js';
import type { AdministrationRow, AssessmentRow } from './database.js';
import { StoredJsonError, readJsonColumn } from './json-column.js';
import { storedItems, storedTaperDays } from './stored-json.js';

const assessment: AssessmentRow = {
  id: 41,
  admission_id: 7,
  instrument: 'COWS',
  taken_at: '2026-12-01T08:00:00.000Z',
  items: '{"pulse":1,"sweating":2}',
  total: 3,
  severity: 'none',
  heart_rate: 92,
  systolic: null,
  diastolic: null,
  temperature_c: null,
  respiratory_rate: null,
  spo2: null,
  note: null,
  item_reasons: null,
  supersedes_id: null,
  recorded_by: 2,
  recorded_at: '2026-12-01T08:01:00.000Z',
};

const dose: AdministrationRow = {
  id: 12,
  admission_id: 7,
  drug: 'clonidine',
  dose_mg: 0.1,
  route: 'PO',
  given_at: '2026-12-01T09:00:00.000Z',
  status: 'given',
  prn: 1,
  indication: null,
  hold_reason: null,
  assessment_id: 41,
  override_reason: null,
  override_by: null,
  warnings: '[]',
  protocol_version: 1,
  order_id: 3,
  given_offline: 0,
  supersedes_id: null,
  recorded_by: 2,
  recorded_at: '2026-12-01T09:00:00.000Z',
};

describe('readJsonColumn: a stored JSON column is checked, and a bad one is named', () => {
  it('returns the checked value', () => {
    expect(readJsonColumn(storedItems, '{"pulse":1}', { table: 'assessment', column: 'items', id: 1 })).toEqual({
      pulse: 1,
    });
  });

  it('names the table, column and row of text that is not JSON', () => {
    expect(() => readJsonColumn(storedItems, '{pulse', { table: 'assessment', column: 'items', id: 41 })).toThrow(
      /^assessment\.items of row 41 is not JSON/,
    );
  });

  it('names the table, column, row and the field of JSON of the wrong shape', () => {
    const read = () =>
      readJsonColumn(storedTaperDays, '[{"day":1,"totalMg":"8"}]', { table: 'taper_plan', column: 'days', id: 5 });
    expect(read).toThrow(StoredJsonError);
    expect(read).toThrow(/^taper_plan\.days of row 5 does not hold what was written \(0\.totalMg: /);
  });
});

describe('the record mappers read JSON columns through it', () => {
  it('maps an assessment row, its items parsed and its reasons {} when none', () => {
    const a = assessmentFromRow(assessment);
    expect(a).toMatchObject({ id: 41, instrument: 'COWS', items: { pulse: 1, sweating: 2 }, itemReasons: {} });
    expect(a.heartRate).toBe(92);
  });

  it('an assessment whose items are corrupt fails naming the row, not a blank score', () => {
    expect(() => assessmentFromRow({ ...assessment, items: '{"pulse":"high"}' })).toThrow(
      /^assessment\.items of row 41 does not hold what was written \(pulse: /,
    );
    expect(() => assessmentFromRow({ ...assessment, item_reasons: '["walked"]' })).toThrow(
      /^assessment\.item_reasons of row 41 /,
    );
  });

  it('maps a dose: a dose read back as text is a number, prn and offline are booleans', () => {
    const m = administrationFromRow({ ...dose, dose_mg: '0.1' as unknown as number });
    expect(m).toMatchObject({ id: 12, doseMg: 0.1, prn: true, givenOffline: false, warnings: [], orderId: 3 });
  });

  it('a dose whose warnings are not warnings fails naming the row', () => {
    expect(() => administrationFromRow({ ...dose, warnings: '[{"code":"made-up"}]' })).toThrow(
      /^medication_administration\.warnings of row 12 does not hold what was written/,
    );
  });
});
