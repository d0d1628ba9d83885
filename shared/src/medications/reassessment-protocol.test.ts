import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REASSESSMENT_SCHEDULE,
  DEFAULT_UNIT_PROTOCOL,
  type ReassessmentSchedule,
  type UnitProtocol,
  reassessmentScheduleOf,
} from './protocol.js';
import { loosenedHardLimits } from './protocol-loosening.js';
import { unitProtocolSchema } from './protocol-schema.js';

const base = (): UnitProtocol => JSON.parse(JSON.stringify(DEFAULT_UNIT_PROTOCOL)) as UnitProtocol;
const withSchedule = (change: Partial<ReassessmentSchedule>): UnitProtocol => ({
  ...base(),
  reassessment: { ...DEFAULT_REASSESSMENT_SCHEDULE, ...change },
});

function issues(protocol: unknown): Record<string, string> {
  const result = unitProtocolSchema.safeParse(protocol);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('the reassessment schedule in the unit protocol', () => {
  it('ships q4h below moderate, hourly from moderate, 1 h after the first buprenorphine dose, hourly with a danger alert', () => {
    expect(DEFAULT_UNIT_PROTOCOL.reassessment).toEqual({
      routineMinutes: 240,
      frequentFromBand: 'moderate',
      frequentMinutes: 60,
      afterFirstBuprenorphineMinutes: 60,
      dangerAlertMinutes: 60,
    });
  });

  it('loads a version stored before the schedule existed, with the defaults', () => {
    const { reassessment: _, ...old } = base();
    const parsed = unitProtocolSchema.parse(old);
    expect(parsed.reassessment).toBeUndefined();
    expect(reassessmentScheduleOf(parsed)).toEqual(DEFAULT_REASSESSMENT_SCHEDULE);
  });

  it('accepts 1 to 1440 minutes, refuses 0, 1441 and fractions, in words', () => {
    expect(issues(withSchedule({ routineMinutes: 1440 }))).toEqual({});
    expect(
      issues(withSchedule({ frequentMinutes: 1, dangerAlertMinutes: 1, afterFirstBuprenorphineMinutes: 1 })),
    ).toEqual({});
    expect(issues(withSchedule({ routineMinutes: 1441 }))).toEqual({
      'reassessment.routineMinutes': 'the routine reassessment interval must be at most 1440 minutes (24 h)',
    });
    expect(issues(withSchedule({ frequentMinutes: 0 }))).toEqual({
      'reassessment.frequentMinutes': 'the reassessment interval from that band up must be at least 1 minute',
    });
    expect(issues(withSchedule({ dangerAlertMinutes: 59.5 }))['reassessment.dangerAlertMinutes']).toMatch(
      /whole number of minutes/,
    );
  });

  it('keeps the first-buprenorphine reassessment within 4 h: 240 accepted, 241 refused', () => {
    expect(issues(withSchedule({ afterFirstBuprenorphineMinutes: 240 }))).toEqual({});
    expect(
      issues(withSchedule({ afterFirstBuprenorphineMinutes: 241 }))['reassessment.afterFirstBuprenorphineMinutes'],
    ).toMatch(/within 240 minutes/);
  });

  it('refuses a worse-band or danger-alert interval longer than the routine one; equal is accepted', () => {
    expect(issues(withSchedule({ routineMinutes: 120, frequentMinutes: 120, dangerAlertMinutes: 120 }))).toEqual({});
    expect(issues(withSchedule({ routineMinutes: 120, frequentMinutes: 121 }))).toEqual({
      'reassessment.frequentMinutes':
        'the interval at the worse bands (121 min) is longer than the routine one (120 min); a sicker patient must be scored at least as often',
    });
    expect(Object.keys(issues(withSchedule({ routineMinutes: 120, dangerAlertMinutes: 121 })))).toEqual([
      'reassessment.dangerAlertMinutes',
    ]);
  });

  it('refuses a band that is not a band to score more often from', () => {
    expect(
      issues({ ...base(), reassessment: { ...DEFAULT_REASSESSMENT_SCHEDULE, frequentFromBand: 'none' } })[
        'reassessment.frequentFromBand'
      ],
    ).toMatch(/must be one of mild, moderate/);
  });
});

describe('loosening the reassessment schedule needs a second physician', () => {
  const loosened = (p: UnitProtocol) => loosenedHardLimits(DEFAULT_UNIT_PROTOCOL, p);

  it('an equal or shorter interval is not loosening; one minute longer is', () => {
    expect(loosened(withSchedule({}))).toEqual([]);
    expect(loosened(withSchedule({ routineMinutes: 239, frequentMinutes: 30 }))).toEqual([]);
    expect(loosened(withSchedule({ routineMinutes: 241 }))).toEqual([
      'Reassessment: the routine interval lengthened from 240 to 241 min',
    ]);
    expect(loosened(withSchedule({ frequentMinutes: 61 }))).toEqual([
      'Reassessment: the interval at the worse bands lengthened from 60 to 61 min',
    ]);
    expect(loosened(withSchedule({ afterFirstBuprenorphineMinutes: 61 }))).toEqual([
      'Reassessment: the time after the first buprenorphine dose lengthened from 60 to 61 min',
    ]);
    expect(loosened(withSchedule({ dangerAlertMinutes: 61 }))).toEqual([
      'Reassessment: the interval while a danger alert is open lengthened from 60 to 61 min',
    ]);
  });

  it('the "more often" band moved up is loosening, moved down is not', () => {
    expect(loosened(withSchedule({ frequentFromBand: 'moderately-severe' }))).toEqual([
      'Reassessment: scored more often only from moderately-severe (was from moderate)',
    ]);
    expect(loosened(withSchedule({ frequentFromBand: 'mild' }))).toEqual([]);
  });

  it("a drug's PRN reassessment later is loosening, sooner is not", () => {
    const later = base();
    later.drugs.clonidine.reassessAfterMinutes = 61;
    expect(loosened(later)).toEqual(['Clonidine: reassessment after a PRN dose lengthened from 60 to 61 min']);
    const sooner = base();
    sooner.drugs.clonidine.reassessAfterMinutes = 30;
    expect(loosened(sooner)).toEqual([]);
  });

  it('compares a version stored without a schedule through its defaults', () => {
    const { reassessment: _, ...old } = base();
    expect(loosenedHardLimits(old, withSchedule({ routineMinutes: 240 }))).toEqual([]);
    expect(loosenedHardLimits(old, withSchedule({ routineMinutes: 300 }))).toHaveLength(1);
  });
});
