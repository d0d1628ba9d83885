import { DRUG_IDS, getDrug } from './catalogue.js';
import type { UnitProtocol, VitalSignHold } from './protocol.js';

/**
 * The hard limits a protocol change loosens (issue 11, item 4): such a change needs a second
 * physician's approval before it takes effect. Hard limits are the ones no override reason can pass
 * (docs/clinical.md, "Dose limits"): the per-dose plausible maximum, and the vital-sign holds.
 * Loosening: a higher hard per-dose limit; a lower hold threshold, a longer window for the vital
 * signs, or a hold removed. Tightening, or changing anything else, is not loosening.
 */
export function loosenedHardLimits(current: UnitProtocol, proposed: UnitProtocol): string[] {
  const loosened: string[] = [];
  for (const drug of DRUG_IDS) {
    const before = current.drugs[drug];
    const after = proposed.drugs[drug];
    if (!before || !after) continue;
    const name = getDrug(drug).name;
    if (after.plausibleMaxDoseMg > before.plausibleMaxDoseMg) {
      loosened.push(`${name}: hard per-dose limit raised from ${before.plausibleMaxDoseMg} mg to ${after.plausibleMaxDoseMg} mg`);
    }
    loosened.push(...loosenedHold(name, before.vitalSignHold, after.vitalSignHold));
  }
  return loosened;
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
    out.push(`${name}: vital signs accepted up to ${after.vitalsWithinMinutes} minutes old (was ${before.vitalsWithinMinutes})`);
  }
  return out;
}
