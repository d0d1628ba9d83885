import { formatDoseMg, getDrug, getInstrument, scoreItems } from '@detox/shared';
import { formatUnitTime } from '../../lib/unit-time.js';
import type { OutboxWrite } from './outbox-entry.js';

/** What a waiting entry says, in the words of the saved records: "COWS 12 (moderate), taken 02 Dec 10:05". */
export function describeWrite(write: OutboxWrite, zone: string): string {
  switch (write.procedure) {
    case 'assessments.record':
      return assessmentText(write.input, zone);
    case 'medications.record':
      return doseText(write.input, zone);
    case 'assessments.correct': {
      const { replacement, assessmentId } = write.input;
      return replacement
        ? `Correction of assessment #${assessmentId}: ${assessmentText(replacement, zone)}`
        : `Assessment #${assessmentId} marked entered in error`;
    }
    case 'medications.correct': {
      const { replacement, administrationId } = write.input;
      return replacement
        ? `Correction of administration #${administrationId}: ${doseText(replacement, zone)}`
        : `Administration #${administrationId} marked entered in error`;
    }
  }
}

function assessmentText(
  input: { instrument: Parameters<typeof getInstrument>[0]; items: Readonly<Record<string, unknown>>; takenAt: string },
  zone: string,
): string {
  const scored = scoreItems(getInstrument(input.instrument), input.items);
  const score = scored.ok ? `${scored.total} (${scored.band.label.toLowerCase()})` : 'incomplete';
  return `${input.instrument} ${score}, taken ${formatUnitTime(input.takenAt, zone)}`;
}

function doseText(
  input: { drug: Parameters<typeof getDrug>[0]; doseMg: number; route: string; status: string; givenAt: string },
  zone: string,
): string {
  return `${getDrug(input.drug).name} ${formatDoseMg(input.doseMg)} ${input.route} ${input.status} ${formatUnitTime(input.givenAt, zone)}`;
}
