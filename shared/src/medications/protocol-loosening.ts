import { DRUG_IDS, getDrug } from './catalogue.js';
import { maxPer24hFor } from './daily-maximum.js';
import type { DoseRange, DrugProtocol, UnitProtocol, VitalSignHold } from './protocol.js';
import { loosenedReassessment } from './reassessment-loosening.js';

/**
 * The hard limits a protocol change loosens (issue 11, item 4): such a change needs a second
 * physician's approval before it takes effect. Hard limits are the ones no override reason can pass
 * (docs/clinical.md, "Dose limits"): the per-dose plausible maximum, the vital-sign holds, the doses
 * allowed by route (naltrexone, IM methadone) and a 24 h maximum that is a hard stop (loperamide).
 * Loosening: a higher hard per-dose limit; a lower hold threshold, a longer window for the vital
 * signs, or a hold removed; a route allowed that was not, a wider dose range on a route, or the
 * route limits removed; a hard-stop 24 h maximum raised (for everyone, or for heavier patients by a
 * weight-based maximum), removed or turned into a warning.
 * Tightening, or changing anything else, is not loosening. Reassessment is loosened by a longer
 * interval (reassessment-loosening.ts): it too waits for a second physician.
 */
export function loosenedHardLimits(current: UnitProtocol, proposed: UnitProtocol): string[] {
  const loosened: string[] = [];
  for (const drug of DRUG_IDS) {
    const before = current.drugs[drug];
    const after = proposed.drugs[drug];
    if (!before || !after) continue;
    const name = getDrug(drug).name;
    if (after.plausibleMaxDoseMg > before.plausibleMaxDoseMg) {
      loosened.push(
        `${name}: hard per-dose limit raised from ${before.plausibleMaxDoseMg} mg to ${after.plausibleMaxDoseMg} mg`,
      );
    }
    loosened.push(...loosenedHold(name, before.vitalSignHold, after.vitalSignHold));
    loosened.push(...loosenedRoutes(name, before.dosesByRoute, after.dosesByRoute));
    loosened.push(...loosenedHardStop(name, before, after));
  }
  loosened.push(...loosenedReassessment(current, proposed));
  return loosened;
}

function loosenedRoutes(
  name: string,
  before: DrugProtocol['dosesByRoute'],
  after: DrugProtocol['dosesByRoute'],
): string[] {
  if (!before) return [];
  if (!after) return [`${name}: limits by route removed (any route and dose allowed)`];
  const out: string[] = [];
  for (const [route, range] of Object.entries(after) as [string, DoseRange][]) {
    const was = (before as Record<string, DoseRange | undefined>)[route];
    if (!was) {
      out.push(`${name}: ${route} allowed (was refused), up to ${range.maxMg} mg`);
      continue;
    }
    if (range.maxMg > was.maxMg)
      out.push(`${name} ${route}: highest dose raised from ${was.maxMg} mg to ${range.maxMg} mg`);
    if ((range.minMg ?? 0) < (was.minMg ?? 0))
      out.push(`${name} ${route}: lowest dose lowered from ${was.minMg ?? 0} mg to ${range.minMg ?? 0} mg`);
  }
  return out;
}

function loosenedHardStop(name: string, before: DrugProtocol, after: DrugProtocol): string[] {
  if (!before.maxPer24hIsHardStop || before.maxPer24hMg === undefined) return [];
  if (!after.maxPer24hIsHardStop)
    return [`${name}: the 24 h maximum is no longer a hard stop (a reason could pass it)`];
  if (after.maxPer24hMg === undefined) return [`${name}: the hard-stop 24 h maximum removed`];
  if (after.maxPer24hMg > before.maxPer24hMg)
    return [`${name}: hard-stop 24 h maximum raised from ${before.maxPer24hMg} mg to ${after.maxPer24hMg} mg`];
  return loosenedHeavierHardStop(name, before, after);
}

/**
 * A weight-based maximum on a hard-stop drug raises the hard stop for heavier patients: adding one,
 * raising it, or lowering the weight it starts from loosens the limit for some patient. The maximum
 * is a step in weight, so checking at each rule's starting weight finds every patient it changes.
 */
function loosenedHeavierHardStop(name: string, before: DrugProtocol, after: DrugProtocol): string[] {
  const weights = [before.maxPer24hByWeight?.fromKg, after.maxPer24hByWeight?.fromKg]
    .filter((w): w is number => w !== undefined)
    .sort((a, b) => a - b);
  for (const kg of weights) {
    const was = maxPer24hFor(before, kg);
    const now = maxPer24hFor(after, kg);
    if (was !== undefined && now !== undefined && now > was)
      return [`${name}: hard-stop 24 h maximum raised for patients of ${kg} kg and more from ${was} mg to ${now} mg`];
  }
  return [];
}

function loosenedHold(name: string, before: VitalSignHold | undefined, after: VitalSignHold | undefined): string[] {
  if (!before) return [];
  if (!after) return [`${name}: vital-sign hold removed`];
  const out: string[] = [];
  const lower = (label: string, b: number, a: number, unit: string) => {
    if (a < b) out.push(`${name}: hold when ${label} below ${a} ${unit} (was ${b})`);
  };
  lower('systolic', before.systolicBelowMmHg, after.systolicBelowMmHg, 'mmHg');
  lower('diastolic', before.diastolicBelowMmHg, after.diastolicBelowMmHg, 'mmHg');
  lower('heart rate', before.heartRateBelowBpm, after.heartRateBelowBpm, 'bpm');
  if (after.vitalsWithinMinutes > before.vitalsWithinMinutes) {
    out.push(
      `${name}: vital signs accepted up to ${after.vitalsWithinMinutes} minutes old (was ${before.vitalsWithinMinutes})`,
    );
  }
  return out;
}
