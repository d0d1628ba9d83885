import {
  type AdministrationContext,
  type AdministrationWarning,
  type CheckAdministrationInput,
  type MedicationOrder,
  type ScoreReading,
  type UnitProtocol,
  type UsedSubstance,
  checkDoseAgainstOrder,
} from '@detox/shared';

/** What the tablet last read about the patient: the same facts the server's check reads from the database. */
export interface LastKnown {
  admission: { substances: readonly UsedSubstance[]; lastUseAt: string; weightKg: number | null };
  doses: readonly {
    drug: MedicationOrder['drug'];
    doseMg: number;
    givenAt: string;
    status: CheckAdministrationInput['status'];
    recordStatus: string;
  }[];
  scores: readonly {
    instrument: ScoreReading['instrument'];
    total: number;
    takenAt: string;
    status: string;
    vitals: { heartRate: number | null; systolic: number | null; diastolic: number | null } | null;
  }[];
  order: MedicationOrder;
  protocol: UnitProtocol;
  zone: string;
}

const ms = (iso: string) => Date.parse(iso);

/**
 * The dose check run on the tablet while offline (issue 13): the shared rules (the same functions the
 * server runs, shared/src/orders/order-check.ts) on the last data read. Pure. It cannot know doses
 * charted elsewhere since then, nor a taper plan (not kept offline), so the form says it is a
 * preview from the last data, and the server checks the dose again on arrival.
 */
export function offlineDoseWarnings(proposal: CheckAdministrationInput, known: LastKnown): AdministrationWarning[] {
  const at = ms(proposal.givenAt);
  const active = <T extends { status?: string; recordStatus?: string }>(rows: readonly T[]) =>
    rows.filter((r) => (r.recordStatus ?? r.status) === 'active');
  const scoresBefore = active(known.scores)
    .filter((s) => ms(s.takenAt) <= at)
    .sort((a, b) => ms(b.takenAt) - ms(a.takenAt));
  const latestCows = scoresBefore.find((s) => s.instrument === 'COWS');
  const latestVitals = scoresBefore.find(
    (s) => s.vitals && (s.vitals.heartRate !== null || s.vitals.systolic !== null),
  );
  const context: AdministrationContext = {
    proposed: {
      drug: proposal.drug,
      doseMg: proposal.doseMg,
      route: proposal.route,
      givenAt: new Date(at).toISOString(),
      status: proposal.status,
    },
    admission: known.admission,
    recentAdministrations: active(known.doses).map((d) => ({
      drug: d.drug,
      doseMg: d.doseMg,
      givenAt: d.givenAt,
      status: d.status,
    })),
    latestAssessment: latestCows
      ? { instrument: 'COWS', total: latestCows.total, takenAt: latestCows.takenAt }
      : undefined,
    latestVitals: latestVitals?.vitals ? { takenAt: latestVitals.takenAt, ...latestVitals.vitals } : undefined,
    protocol: known.protocol,
    timeZone: known.zone,
  };
  const scores: ScoreReading[] = scoresBefore.map((s) => ({
    instrument: s.instrument,
    total: s.total,
    takenAt: s.takenAt,
  }));
  return checkDoseAgainstOrder(context, known.order, scores);
}
