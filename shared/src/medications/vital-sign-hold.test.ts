import { describe, expect, it } from 'vitest';
import type { LatestVitals } from './administration-context.js';
import type { DrugId } from './catalogue.js';
import { checkAdministration } from './rules.js';
import { codes, contextFor, minutesBefore, NOON, only, protocolWith } from '../../test-support/medication-context.js';

const NORMAL = { systolic: 120, diastolic: 80, heartRate: 88 };

function clonidine(vitals: Partial<LatestVitals> | undefined, drug: DrugId = 'clonidine') {
  const latestVitals = vitals === undefined ? undefined : { takenAt: minutesBefore(NOON, 20), ...vitals };
  return checkAdministration(contextFor({ proposed: { drug, doseMg: 0.1 }, latestVitals }));
}

describe('clonidine hold parameters (docs/clinical.md §6.3, §7)', () => {
  it('gives with no warning when recent vitals are above every hold limit', () => {
    expect(clonidine(NORMAL)).toEqual([]);
  });

  it('systolic 90 passes; 89 holds', () => {
    expect(clonidine({ ...NORMAL, systolic: 90 })).toEqual([]);
    const warning = only(clonidine({ ...NORMAL, systolic: 89 }), 'hold-low-systolic');
    expect(warning).toMatchObject({ severity: 'danger', requiresOverride: true, hardStop: false });
    expect(warning.message).toBe(
      "Hold clonidine: systolic 89 mmHg at 11:40 is below the unit's hold limit of 90 mmHg; recheck, tell the prescriber, or document why it is given",
    );
  });

  it('diastolic 60 passes; 59 holds', () => {
    expect(clonidine({ ...NORMAL, diastolic: 60 })).toEqual([]);
    expect(codes(clonidine({ ...NORMAL, diastolic: 59 }))).toEqual(['hold-low-diastolic']);
  });

  it('heart rate 60 passes; 59 holds', () => {
    expect(clonidine({ ...NORMAL, heartRate: 60 })).toEqual([]);
    expect(codes(clonidine({ ...NORMAL, heartRate: 59 }))).toEqual(['hold-low-heart-rate']);
  });

  it('reports each reading below its limit', () => {
    expect(codes(clonidine({ systolic: 85, diastolic: 55, heartRate: 52 })).sort()).toEqual([
      'hold-low-diastolic',
      'hold-low-heart-rate',
      'hold-low-systolic',
    ]);
  });

  it('vitals 59 or 60 min old are recent; 61 min old need a recheck', () => {
    expect(clonidine({ ...NORMAL, takenAt: minutesBefore(NOON, 59) })).toEqual([]);
    expect(clonidine({ ...NORMAL, takenAt: minutesBefore(NOON, 60) })).toEqual([]);
    const warning = only(clonidine({ ...NORMAL, takenAt: minutesBefore(NOON, 61) }), 'hold-vitals-not-recent');
    expect(warning).toMatchObject({ severity: 'warning', requiresOverride: true });
    expect(warning.message).toBe(
      'The latest vital signs (10:59) are 1 h 1 min old; clonidine needs blood pressure and heart rate from the last 60 min. Recheck them first (hold if below 90/60 mmHg or heart rate below 60), or document why',
    );
  });

  it('asks for vital signs when none are recorded', () => {
    expect(only(clonidine(undefined), 'hold-vitals-not-recent').message).toBe(
      'No vital signs recorded before this clonidine dose; check blood pressure and heart rate first (hold if below 90/60 mmHg or heart rate below 60), or document why',
    );
  });

  it('ignores vital signs timed after the dose: they cannot have informed it', () => {
    expect(codes(clonidine({ ...NORMAL, takenAt: '2026-06-10T12:05:00-04:00' }))).toEqual(['hold-vitals-not-recent']);
  });

  it('asks for the missing measure when the vitals lack blood pressure or heart rate', () => {
    expect(
      only(clonidine({ heartRate: 90, systolic: null, diastolic: null }), 'hold-vitals-incomplete').message,
    ).toMatch(/have no blood pressure;/);
    expect(only(clonidine({ systolic: 120, diastolic: 80 }), 'hold-vitals-incomplete').message).toMatch(
      /have no heart rate;/,
    );
  });

  it('still reports a low reading from stale vitals', () => {
    expect(codes(clonidine({ ...NORMAL, systolic: 80, takenAt: minutesBefore(NOON, 90) }))).toEqual([
      'hold-low-systolic',
      'hold-vitals-not-recent',
    ]);
  });

  it('holds lofexidine by default: 0.72 mg with BP 82/50 and HR 45 asks for a reason on each reading (issue 10)', () => {
    const warnings = checkAdministration(
      contextFor({
        proposed: { drug: 'lofexidine', doseMg: 0.72 },
        latestVitals: { takenAt: minutesBefore(NOON, 10), systolic: 82, diastolic: 50, heartRate: 45 },
      }),
    );
    expect(codes(warnings)).toEqual(['hold-low-systolic', 'hold-low-diastolic', 'hold-low-heart-rate']);
    expect(only(warnings, 'hold-low-heart-rate').message).toMatch(/^Hold lofexidine: heart rate 45 bpm/);
  });

  it('lofexidine: heart rate 60 passes, 59 holds; no vitals asks for them', () => {
    expect(clonidine({ ...NORMAL, heartRate: 60 }, 'lofexidine')).toEqual([]);
    expect(codes(clonidine({ ...NORMAL, heartRate: 59 }, 'lofexidine'))).toEqual(['hold-low-heart-rate']);
    expect(codes(clonidine(undefined, 'lofexidine'))).toEqual(['hold-vitals-not-recent']);
  });

  it('a unit can hold any drug, and can remove a hold', () => {
    const protocol = protocolWith((p) => {
      p.drugs.hydroxyzine.vitalSignHold = {
        systolicBelowMmHg: 100,
        diastolicBelowMmHg: 50,
        heartRateBelowBpm: 50,
        vitalsWithinMinutes: 30,
      };
      delete p.drugs.lofexidine.vitalSignHold;
    });
    const low = { takenAt: minutesBefore(NOON, 10), ...NORMAL, systolic: 99 };
    expect(
      codes(
        checkAdministration(contextFor({ proposed: { drug: 'hydroxyzine', doseMg: 25 }, latestVitals: low, protocol })),
      ),
    ).toEqual(['hold-low-systolic']);
    expect(checkAdministration(contextFor({ proposed: { drug: 'lofexidine', doseMg: 0.54 }, protocol }))).toEqual([]);
  });
});
