import { describe, expect, it } from 'vitest';
import { instrumentWithBands } from '../instruments/ciwa-ar-bands.js';
import type { InstrumentId } from '../instruments/instrument.js';
import { bandFor, getInstrument } from '../instruments/scoring.js';
import {
  DEFAULT_REASSESSMENT_SCHEDULE,
  DEFAULT_UNIT_PROTOCOL,
  type ReassessmentSchedule,
  type UnitProtocol,
} from '../medications/protocol.js';
import {
  type ReassessmentInput,
  type ScoreAt,
  dueCandidates,
  everyText,
  nextAssessmentDue,
} from './reassessment-schedule.js';

const ADMITTED = '2026-03-08T06:00:00.000Z';
const SCORED = '2026-03-08T08:00:00.000Z';
const at = (minutesAfterScore: number) => new Date(Date.parse(SCORED) + minutesAfterScore * 60_000).toISOString();

/** A score as the form charts it: the band from the total by the instrument's own cut-offs. */
function score(
  instrument: InstrumentId,
  total: number,
  takenAt = SCORED,
  ciwa?: 'asam-2020' | 'sullivan-1989',
): ScoreAt {
  const bands = instrumentWithBands(getInstrument(instrument), ciwa);
  return { takenAt, instrument, total, severity: bandFor(bands, total).severity };
}

function input(over: Partial<ReassessmentInput> = {}): ReassessmentInput {
  return {
    admittedAt: ADMITTED,
    scores: [],
    prnDoses: [],
    buprenorphineGivenAt: [],
    openDangerAlerts: [],
    protocol: DEFAULT_UNIT_PROTOCOL,
    ...over,
  };
}

const withSchedule = (schedule: Partial<ReassessmentSchedule>): UnitProtocol => ({
  ...DEFAULT_UNIT_PROTOCOL,
  reassessment: { ...DEFAULT_REASSESSMENT_SCHEDULE, ...schedule },
});

describe('nextAssessmentDue: admission', () => {
  it('is due at admission before the first score, even with a PRN dose or an alert after it', () => {
    expect(nextAssessmentDue(input())).toEqual({ at: ADMITTED, because: 'admission', why: 'first score on admission' });
    expect(
      nextAssessmentDue(
        input({ prnDoses: [{ drug: 'clonidine', givenAt: at(0) }], openDangerAlerts: [{ raisedAt: at(0) }] }),
      ).because,
    ).toBe('admission');
  });
});

describe('nextAssessmentDue: by band (default: every 4 h below moderate, every hour from moderate up)', () => {
  // docs/clinical.md §1.3: COWS 0-4 below mild, 5-12 mild, 13-24 moderate, 25-36 moderately severe, 37-48 severe.
  const cows: [number, 'routine' | 'severity', number, string][] = [
    [0, 'routine', 240, 'every 4 h while COWS is below moderate (0, below mild)'],
    [4, 'routine', 240, 'every 4 h while COWS is below moderate (4, below mild)'],
    [5, 'routine', 240, 'every 4 h while COWS is below moderate (5, mild)'],
    [12, 'routine', 240, 'every 4 h while COWS is below moderate (12, mild)'],
    [13, 'severity', 60, 'every hour while COWS is moderate or worse (13, moderate)'],
    [14, 'severity', 60, 'every hour while COWS is moderate or worse (14, moderate)'],
    [24, 'severity', 60, 'every hour while COWS is moderate or worse (24, moderate)'],
    [25, 'severity', 60, 'every hour while COWS is moderate or worse (25, moderately severe)'],
    [26, 'severity', 60, 'every hour while COWS is moderate or worse (26, moderately severe)'],
    [36, 'severity', 60, 'every hour while COWS is moderate or worse (36, moderately severe)'],
    [37, 'severity', 60, 'every hour while COWS is moderate or worse (37, severe)'],
    [48, 'severity', 60, 'every hour while COWS is moderate or worse (48, severe)'],
  ];
  it.each(cows)('COWS %i: %s, due %i min after the score', (total, because, minutes, why) => {
    expect(nextAssessmentDue(input({ scores: [score('COWS', total)] }))).toEqual({ at: at(minutes), because, why });
  });

  it('SOWS: 10 (mild) is routine, 11 (moderate) hourly, 21 (severe) hourly', () => {
    expect(nextAssessmentDue(input({ scores: [score('SOWS', 0)] })).why).toBe(
      'every 4 h while SOWS is below moderate (0, none)',
    );
    expect(nextAssessmentDue(input({ scores: [score('SOWS', 10)] })).at).toBe(at(240));
    expect(nextAssessmentDue(input({ scores: [score('SOWS', 11)] }))).toMatchObject({
      at: at(60),
      because: 'severity',
    });
    expect(nextAssessmentDue(input({ scores: [score('SOWS', 21)] })).why).toBe(
      'every hour while SOWS is moderate or worse (21, severe)',
    );
  });

  it('CIWA-Ar by the unit band set: ASAM 9/10, Sullivan 7/8', () => {
    expect(nextAssessmentDue(input({ scores: [score('CIWA-Ar', 9, SCORED, 'asam-2020')] })).because).toBe('routine');
    expect(nextAssessmentDue(input({ scores: [score('CIWA-Ar', 10, SCORED, 'asam-2020')] })).because).toBe('severity');
    expect(nextAssessmentDue(input({ scores: [score('CIWA-Ar', 7, SCORED, 'sullivan-1989')] })).because).toBe(
      'routine',
    );
    expect(nextAssessmentDue(input({ scores: [score('CIWA-Ar', 8, SCORED, 'sullivan-1989')] }))).toMatchObject({
      at: at(60),
      because: 'severity',
    });
  });

  it('follows the newest score only, whatever order the scores come in', () => {
    const earlier = score('COWS', 26, at(-120));
    expect(nextAssessmentDue(input({ scores: [score('COWS', 7), earlier] }))).toMatchObject({
      at: at(240),
      because: 'routine',
    });
    expect(nextAssessmentDue(input({ scores: [score('COWS', 26), score('COWS', 7, at(-60))] }))).toMatchObject({
      at: at(60),
      because: 'severity',
    });
  });

  it("uses the unit's schedule: band moved to moderately severe, other intervals", () => {
    const protocol = withSchedule({ frequentFromBand: 'moderately-severe', frequentMinutes: 120, routineMinutes: 180 });
    expect(nextAssessmentDue(input({ protocol, scores: [score('COWS', 24)] }))).toEqual({
      at: at(180),
      because: 'routine',
      why: 'every 3 h while COWS is below moderately severe (24, moderate)',
    });
    expect(nextAssessmentDue(input({ protocol, scores: [score('COWS', 25)] }))).toEqual({
      at: at(120),
      because: 'severity',
      why: 'every 2 h while COWS is moderately severe or worse (25, moderately severe)',
    });
    // A band an instrument lacks (CIWA-Ar has no "moderately severe"): only the worse ones count.
    expect(nextAssessmentDue(input({ protocol, scores: [score('CIWA-Ar', 18)] })).because).toBe('routine');
    expect(nextAssessmentDue(input({ protocol, scores: [score('CIWA-Ar', 19)] })).because).toBe('severity');
  });

  it('a protocol version stored before schedules existed runs on the defaults', () => {
    const { reassessment: _, ...old } = DEFAULT_UNIT_PROTOCOL;
    expect(nextAssessmentDue(input({ protocol: old, scores: [score('COWS', 13)] })).at).toBe(at(60));
    expect(nextAssessmentDue(input({ protocol: old, scores: [score('COWS', 12)] })).at).toBe(at(240));
  });
});

describe('nextAssessmentDue: after a PRN dose', () => {
  it("is due the drug's reassessment time after a PRN dose given after the score, or at the same minute", () => {
    expect(
      nextAssessmentDue(input({ scores: [score('COWS', 7)], prnDoses: [{ drug: 'clonidine', givenAt: at(30) }] })),
    ).toEqual({
      at: at(90),
      because: 'after-prn',
      why: '1 h after PRN clonidine',
    });
    expect(
      nextAssessmentDue(input({ scores: [score('COWS', 7)], prnDoses: [{ drug: 'clonidine', givenAt: at(0) }] })).at,
    ).toBe(at(60));
  });

  it('ignores a PRN dose given before the score (the score was its reassessment)', () => {
    expect(
      nextAssessmentDue(input({ scores: [score('COWS', 7)], prnDoses: [{ drug: 'clonidine', givenAt: at(-1) }] }))
        .because,
    ).toBe('routine');
  });

  it('uses the per-drug time from the protocol', () => {
    const protocol = {
      ...DEFAULT_UNIT_PROTOCOL,
      drugs: {
        ...DEFAULT_UNIT_PROTOCOL.drugs,
        loperamide: { ...DEFAULT_UNIT_PROTOCOL.drugs.loperamide, reassessAfterMinutes: 30 },
      },
    };
    expect(
      nextAssessmentDue(
        input({ protocol, scores: [score('COWS', 7)], prnDoses: [{ drug: 'loperamide', givenAt: at(10) }] }),
      ),
    ).toEqual({
      at: at(40),
      because: 'after-prn',
      why: '30 min after PRN loperamide',
    });
  });

  it('the routine time still wins when it is earlier than the PRN reassessment', () => {
    expect(
      nextAssessmentDue(input({ scores: [score('COWS', 7)], prnDoses: [{ drug: 'clonidine', givenAt: at(200) }] })),
    ).toMatchObject({ at: at(240), because: 'routine' });
  });
});

describe('nextAssessmentDue: after the first buprenorphine dose', () => {
  it('is due 1 h after the first dose of the stay when no score has followed it', () => {
    expect(nextAssessmentDue(input({ scores: [score('COWS', 10)], buprenorphineGivenAt: [at(15)] }))).toEqual({
      at: at(75),
      because: 'after-first-buprenorphine',
      why: '1 h after first buprenorphine dose',
    });
  });

  it('only the first dose counts: a later one given after a score opens nothing', () => {
    expect(
      nextAssessmentDue(input({ scores: [score('COWS', 10, at(120))], buprenorphineGivenAt: [at(150), at(15)] })),
    ).toMatchObject({
      at: at(360),
      because: 'routine',
    });
  });

  it("uses the unit's time: 2 h", () => {
    const protocol = withSchedule({ afterFirstBuprenorphineMinutes: 120 });
    expect(nextAssessmentDue(input({ protocol, scores: [score('COWS', 10)], buprenorphineGivenAt: [at(15)] }))).toEqual(
      {
        at: at(135),
        because: 'after-first-buprenorphine',
        why: '2 h after first buprenorphine dose',
      },
    );
  });
});

describe('nextAssessmentDue: while a danger alert is open', () => {
  it('is due every hour from the score, or from the alert when it was raised after the score', () => {
    expect(nextAssessmentDue(input({ scores: [score('COWS', 7)], openDangerAlerts: [{ raisedAt: at(-30) }] }))).toEqual(
      {
        at: at(60),
        because: 'danger-alert',
        why: 'every hour while a danger alert is open',
      },
    );
    expect(nextAssessmentDue(input({ scores: [score('COWS', 7)], openDangerAlerts: [{ raisedAt: at(5) }] })).at).toBe(
      at(65),
    );
  });

  it('names the open alert, not the band, when both fall due at the same minute', () => {
    expect(
      nextAssessmentDue(input({ scores: [score('COWS', 26)], openDangerAlerts: [{ raisedAt: at(0) }] })).because,
    ).toBe('danger-alert');
  });

  it('no longer applies once the alert is closed (not in the open list)', () => {
    expect(nextAssessmentDue(input({ scores: [score('COWS', 7)] })).because).toBe('routine');
  });
});

describe('dueCandidates', () => {
  it('lists every reason that applies, earliest first: the issue 15 patient (COWS 26 after a first buprenorphine dose, alert open)', () => {
    const all = dueCandidates(
      input({
        scores: [score('COWS', 7, at(-90)), score('COWS', 26)],
        prnDoses: [{ drug: 'clonidine', givenAt: at(-60) }],
        buprenorphineGivenAt: [at(-45)],
        openDangerAlerts: [{ raisedAt: at(2) }],
      }),
    );
    expect(all.map((c) => [c.because, c.at])).toEqual([
      ['severity', at(60)],
      ['danger-alert', at(62)],
    ]);
  });
});

describe('everyText', () => {
  it('says "every hour" for 60 min and hours or minutes otherwise', () => {
    expect(everyText(60)).toBe('every hour');
    expect(everyText(240)).toBe('every 4 h');
    expect(everyText(30)).toBe('every 30 min');
    expect(everyText(90)).toBe('every 1 h 30 min');
  });
});
