import { type DrugId, type UnitProtocol, getDrug, maxPer24hFor } from '@detox/shared';
import { doseText, unitClock } from './report-format.js';

export interface NextDoseGuidance {
  drug: DrugId;
  drugName: string;
  lastGivenAt: string;
  lastDoseMg: number;
  /** Last dose plus the protocol's minimum interval; null where the protocol sets none. */
  notBefore: string | null;
  givenLast24hMg: number;
  /** What is left under the 24 h maximum at `asOf`; null where the protocol sets none. */
  remainingMg: number | null;
  text: string;
}

/**
 * For paper charting during downtime: per drug given in the last 24 h, when the next dose may be
 * given by the protocol's minimum interval and how much is left under its 24 h maximum (the same
 * limits the safety rules check, shared/src/medications/protocol.ts).
 */
export function nextDoseGuidance(
  given: readonly { drug: DrugId; doseMg: number; givenAt: string }[],
  protocol: UnitProtocol,
  asOf: string,
  zone: string,
  /** Admission weight: a weight-based 24 h maximum (clonidine, docs/clinical.md §6.3) counts it. */
  weightKg: number | null = null,
): NextDoseGuidance[] {
  const asOfMs = Date.parse(asOf);
  const recent = given.filter(
    (g) => Date.parse(g.givenAt) > asOfMs - 24 * 3_600_000 && Date.parse(g.givenAt) <= asOfMs,
  );
  const drugs = [...new Set(recent.map((g) => g.drug))];
  return drugs
    .map((drug): NextDoseGuidance => {
      const doses = recent.filter((g) => g.drug === drug);
      const last = doses.reduce((a, b) => (Date.parse(b.givenAt) > Date.parse(a.givenAt) ? b : a));
      const rules = protocol.drugs[drug];
      const totalUg = doses.reduce((sum, g) => sum + Math.round(g.doseMg * 1000), 0);
      const notBefore = rules?.minIntervalMinutes
        ? new Date(Date.parse(last.givenAt) + rules.minIntervalMinutes * 60_000).toISOString()
        : null;
      const maxMg = rules ? maxPer24hFor(rules, weightKg) : undefined;
      const remainingMg = maxMg === undefined ? null : Math.max(0, Math.round(maxMg * 1000) - totalUg) / 1000;
      const name = getDrug(drug).name;
      const parts = [
        `${name}: last ${doseText(last.doseMg)} at ${unitClock(last.givenAt, zone)}`,
        notBefore
          ? Date.parse(notBefore) > asOfMs
            ? `next not before ${unitClock(notBefore, zone)}`
            : 'minimum interval passed'
          : null,
        `${doseText(totalUg / 1000)} in 24 h${remainingMg === null ? '' : `, ${doseText(remainingMg)} left of the ${doseText(maxMg ?? 0)} maximum`}`,
      ];
      return {
        drug,
        drugName: name,
        lastGivenAt: last.givenAt,
        lastDoseMg: last.doseMg,
        notBefore,
        givenLast24hMg: totalUg / 1000,
        remainingMg,
        text: parts.filter(Boolean).join('; '),
      };
    })
    .sort((a, b) => a.drugName.localeCompare(b.drugName));
}
