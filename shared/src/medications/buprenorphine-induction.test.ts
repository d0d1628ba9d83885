import { describe, expect, it } from 'vitest';
import type {
  AdministrationContext,
  AdmissionHistory,
  LatestAssessment,
  ProposedAdministration,
} from './administration-context.js';
import type { DrugId } from './catalogue.js';
import { legacySubstance } from '../substances/legacy-substance.js';
import { checkAdministration } from './rules.js';
import {
  codes,
  contextFor,
  given,
  hoursBefore,
  local,
  minutesBefore,
  NOON,
  only,
  protocolWith,
} from '../../test-support/medication-context.js';

const COWS_12: LatestAssessment = { instrument: 'COWS', total: 12, takenAt: minutesBefore(NOON, 15) };

interface FirstDoseChange extends Partial<Omit<AdministrationContext, 'admission' | 'proposed'>> {
  admission?: Partial<AdmissionHistory>;
  proposed?: Partial<ProposedAdministration>;
  drug?: DrugId;
}

/** A first buprenorphine 4 mg SL at noon, 16 h after heroin, COWS 12 fifteen minutes before. */
function firstDose(change: FirstDoseChange = {}) {
  const { admission, drug = 'buprenorphine', proposed, ...rest } = change;
  return checkAdministration(
    contextFor({
      proposed: { drug, doseMg: 4, route: 'SL', ...proposed },
      admission: { substances: [{ code: 'heroin' }], lastUseAt: hoursBefore(NOON, 16), ...admission },
      latestAssessment: COWS_12,
      ...rest,
    }),
  );
}

describe('first buprenorphine dose: COWS gate (docs/clinical.md §6.2)', () => {
  it('passes with only an information line when every gate is met', () => {
    const warnings = firstDose();
    expect(warnings).toEqual([
      {
        code: 'buprenorphine-first-dose',
        severity: 'info',
        message:
          'First buprenorphine dose of this admission: watch for precipitated withdrawal over the next 90 min and rescore COWS.',
        requiresOverride: false,
        hardStop: false,
      },
    ]);
  });

  it('COWS 8 passes; COWS 7 needs a documented reason', () => {
    expect(codes(firstDose({ latestAssessment: { ...COWS_12, total: 8 } }))).toEqual(['buprenorphine-first-dose']);
    const warning = only(
      firstDose({ latestAssessment: { ...COWS_12, total: 7 } }),
      'buprenorphine-cows-below-threshold',
    );
    expect(warning).toMatchObject({ severity: 'warning', requiresOverride: true, hardStop: false });
    expect(warning.message).toBe(
      "COWS 7 at 11:45 is below the unit's threshold of 8 for a first buprenorphine dose; giving it now risks precipitated withdrawal. Wait and rescore, or document why",
    );
  });

  it('uses the unit threshold: at 13, COWS 12 is too low and 13 passes', () => {
    const protocol = protocolWith((p) => {
      p.buprenorphineInduction.cowsThreshold = 13;
    });
    expect(codes(firstDose({ protocol }))).toEqual(['buprenorphine-cows-below-threshold']);
    expect(codes(firstDose({ protocol, latestAssessment: { ...COWS_12, total: 13 } }))).toEqual([
      'buprenorphine-first-dose',
    ]);
  });

  it('a COWS 60 min old is recent; 61 min old needs a rescore', () => {
    expect(codes(firstDose({ latestAssessment: { ...COWS_12, takenAt: minutesBefore(NOON, 60) } }))).toEqual([
      'buprenorphine-first-dose',
    ]);
    const warning = only(
      firstDose({ latestAssessment: { ...COWS_12, takenAt: minutesBefore(NOON, 61) } }),
      'buprenorphine-cows-not-recent',
    );
    expect(warning.message).toBe(
      'The latest COWS (12 at 10:59) is 1 h 1 min old; a first buprenorphine dose needs a COWS from the last 60 min. Rescore, or document why',
    );
  });

  it('asks for a COWS when there is none, when the latest is another scale, or when it was scored after the dose', () => {
    expect(only(firstDose({ latestAssessment: undefined }), 'buprenorphine-cows-missing').message).toBe(
      'No COWS scored before this first buprenorphine dose; score COWS first (the unit gives it at 8 or more), or document why',
    );
    expect(codes(firstDose({ latestAssessment: { ...COWS_12, instrument: 'SOWS' } }))).toEqual([
      'buprenorphine-cows-missing',
    ]);
    expect(codes(firstDose({ latestAssessment: { ...COWS_12, takenAt: local('2026-06-10T12:10') } }))).toEqual([
      'buprenorphine-cows-missing',
    ]);
  });
});

describe('first buprenorphine dose: time since last use (docs/clinical.md §6.2)', () => {
  it('short-acting: 12 h passes; 11.9 h needs a reason and says when the wait ends', () => {
    expect(codes(firstDose({ admission: { lastUseAt: hoursBefore(NOON, 12) } }))).toEqual(['buprenorphine-first-dose']);
    const warning = only(
      firstDose({ admission: { lastUseAt: hoursBefore(NOON, 11.9) } }),
      'buprenorphine-too-soon-after-use',
    );
    expect(warning).toMatchObject({ severity: 'warning', requiresOverride: true, hardStop: false });
    expect(warning.message).toBe(
      '11 h 54 min since last use (Heroin); the unit waits 12 h after a short-acting opioid before a first buprenorphine dose, to avoid precipitated withdrawal. Wait until 12:06, or document why',
    );
  });

  it('long-acting: 24 h passes; 23.9 h needs a reason', () => {
    const admission = { substances: [{ code: 'oxycodone-er' as const }] };
    expect(codes(firstDose({ admission: { ...admission, lastUseAt: hoursBefore(NOON, 24) } }))).toEqual([
      'buprenorphine-first-dose',
    ]);
    expect(
      only(
        firstDose({ admission: { ...admission, lastUseAt: hoursBefore(NOON, 23.9) } }),
        'buprenorphine-too-soon-after-use',
      ).message,
    ).toContain('waits 24 h after an extended-release or long-acting opioid');
  });

  it('methadone (the coded substance, whatever the detail says): 36 h passes; 35.9 h needs a reason', () => {
    const admission = { substances: [{ code: 'methadone' as const, detail: 'Methadose 80 mg daily (OTP)' }] };
    expect(codes(firstDose({ admission: { ...admission, lastUseAt: hoursBefore(NOON, 36) } }))).toEqual([
      'buprenorphine-first-dose',
    ]);
    expect(
      only(
        firstDose({ admission: { ...admission, lastUseAt: hoursBefore(NOON, 35.9) } }),
        'buprenorphine-too-soon-after-use',
      ).message,
    ).toContain('waits 36 h after methadone');
  });

  it('with more than one substance the longest wait applies: fentanyl and methadone waits 36 h', () => {
    const substances = [{ code: 'illicit-fentanyl' as const }, { code: 'methadone' as const }];
    expect(
      only(
        firstDose({ admission: { substances, lastUseAt: hoursBefore(NOON, 30) } }),
        'buprenorphine-too-soon-after-use',
      ).message,
    ).toContain('waits 36 h after methadone');
    expect(codes(firstDose({ admission: { substances, lastUseAt: hoursBefore(NOON, 36) } }))).toEqual([
      'buprenorphine-first-dose',
    ]);
  });

  it('no wait after buprenorphine itself or a non-opioid; the COWS gate still applies', () => {
    expect(
      codes(firstDose({ admission: { substances: [{ code: 'buprenorphine' }], lastUseAt: hoursBefore(NOON, 1) } })),
    ).toEqual(['buprenorphine-first-dose']);
    expect(
      codes(
        firstDose({
          admission: { substances: [{ code: 'alcohol' }], lastUseAt: hoursBefore(NOON, 1) },
          latestAssessment: undefined,
        }),
      ),
    ).toEqual(['buprenorphine-cows-missing']);
  });

  it('an old free-text row naming Methadose or misspelling methadone maps to the methadone wait', () => {
    for (const text of ['Methadose 60 mg', 'Dolophine', 'metadone']) {
      const substances = [legacySubstance(text, 'short')];
      expect(
        only(
          firstDose({ admission: { substances, lastUseAt: hoursBefore(NOON, 30) } }),
          'buprenorphine-too-soon-after-use',
        ).message,
      ).toContain('waits 36 h after methadone');
    }
  });

  it('counts real hours across the DST fall back: last use 00:00 EDT, dose 11:00 EST is 12 h', () => {
    const warnings = firstDose({
      proposed: { givenAt: local('2026-11-01T11:00') },
      admission: { lastUseAt: local('2026-11-01T00:00') },
      latestAssessment: { ...COWS_12, takenAt: local('2026-11-01T10:50') },
    });
    expect(codes(warnings)).toEqual(['buprenorphine-first-dose']);
  });

  it('uses the unit wait times', () => {
    const protocol = protocolWith((p) => {
      p.buprenorphineInduction.waitHoursAfterLastUse.short = 24;
    });
    expect(codes(firstDose({ protocol }))).toEqual(['buprenorphine-too-soon-after-use']);
  });

  it('reports every gate that is missed', () => {
    const warnings = firstDose({
      admission: { lastUseAt: hoursBefore(NOON, 6) },
      latestAssessment: { ...COWS_12, total: 3, takenAt: minutesBefore(NOON, 120) },
    });
    expect(codes(warnings).sort()).toEqual([
      'buprenorphine-cows-below-threshold',
      'buprenorphine-cows-not-recent',
      'buprenorphine-too-soon-after-use',
    ]);
  });
});

describe('which dose is the first', () => {
  const tooEarly = { admission: { lastUseAt: hoursBefore(NOON, 2) }, latestAssessment: undefined };

  it('a later dose, after any given buprenorphine product, is not gated', () => {
    expect(
      codes(firstDose({ ...tooEarly, recentAdministrations: [given('buprenorphine', 4, local('2026-06-10T09:00'))] })),
    ).toEqual([]);
    expect(
      codes(
        firstDose({
          ...tooEarly,
          recentAdministrations: [given('buprenorphine', 4, local('2026-06-10T09:00'))],
          drug: 'buprenorphine-naloxone',
        }),
      ),
    ).toEqual([]);
  });

  it('buprenorphine-naloxone as the first product is gated too', () => {
    expect(codes(firstDose({ ...tooEarly, drug: 'buprenorphine-naloxone' })).sort()).toEqual([
      'buprenorphine-cows-missing',
      'buprenorphine-too-soon-after-use',
    ]);
  });

  it('a held or refused earlier dose, or one charted after this, does not make this dose a repeat', () => {
    const notGiven = [
      given('buprenorphine', 4, local('2026-06-10T09:00'), 'held'),
      given('buprenorphine', 4, local('2026-06-10T10:00'), 'refused'),
    ];
    expect(codes(firstDose({ ...tooEarly, recentAdministrations: notGiven }))).toContain(
      'buprenorphine-too-soon-after-use',
    );
    const later = [given('buprenorphine', 4, local('2026-06-10T15:00'))];
    expect(codes(firstDose({ ...tooEarly, recentAdministrations: later }))).toContain(
      'buprenorphine-too-soon-after-use',
    );
  });

  it('does not gate other opioid drugs', () => {
    expect(codes(firstDose({ ...tooEarly, drug: 'methadone', proposed: { route: 'PO' } }))).toEqual([]);
  });
});
