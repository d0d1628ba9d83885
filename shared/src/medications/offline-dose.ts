import { type DrugId, formatDoseMg, getDrug } from './catalogue.js';
import type { AdministrationWarning } from './warning.js';

/**
 * What the physician reads when a dose charted offline failed its safety check on arrival (issue 13):
 * the dose, when it was given, and every warning that would have stopped it or needed a reason. The
 * dose stands (it was given); the alert asks for a review of the patient, not of the record.
 */
export function offlineDoseAlertMessage(
  dose: { drug: DrugId; doseMg: number; route: string; givenAtClock: string },
  warnings: readonly AdministrationWarning[],
): string {
  const failing = warnings.filter((w) => w.hardStop || w.requiresOverride);
  const found = failing.map((w) => (/[.!?]$/.test(w.message) ? w.message : `${w.message}.`)).join(' ');
  return `${getDrug(dose.drug).name} ${formatDoseMg(dose.doseMg)} ${dose.route} given at ${dose.givenAtClock} was charted offline and failed its safety check on arrival: ${found} Review the patient and the dose.`;
}
