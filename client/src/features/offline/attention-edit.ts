import type { OutboxWrite } from './outbox-entry.js';

/** The fields a nurse may change before resending a refused entry, as text from the inputs. */
export interface AttentionEdits {
  /** takenAt / givenAt as an ISO instant; unchanged when it is the entry's own. */
  chartedAt?: string;
  doseMg?: string;
  holdReason?: string;
  overrideReason?: string;
  note?: string;
  pulseReason?: string;
  reason?: string;
}

const trimmed = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);

/**
 * The write to resend after the nurse's edits. Pure: the same write with those fields replaced, so a
 * resend is a new entry (a new request id) of what the nurse now means.
 */
export function editedWrite(write: OutboxWrite, edits: AttentionEdits): OutboxWrite {
  switch (write.procedure) {
    case 'assessments.record': {
      const input = { ...write.input };
      if (edits.chartedAt) input.takenAt = edits.chartedAt;
      if (edits.note !== undefined) input.note = trimmed(edits.note);
      if (edits.pulseReason !== undefined) {
        const pulse = trimmed(edits.pulseReason);
        input.itemReasons = pulse ? { ...input.itemReasons, pulse } : undefined;
      }
      return { procedure: write.procedure, input };
    }
    case 'medications.record': {
      const input = { ...write.input };
      if (edits.chartedAt) input.givenAt = edits.chartedAt;
      if (edits.doseMg !== undefined && edits.doseMg.trim() !== '') input.doseMg = Number(edits.doseMg);
      if (edits.holdReason !== undefined) input.holdReason = trimmed(edits.holdReason);
      if (edits.overrideReason !== undefined) input.overrideReason = trimmed(edits.overrideReason);
      return { procedure: write.procedure, input };
    }
    case 'assessments.correct':
    case 'medications.correct': {
      if (edits.reason === undefined) return write;
      return { ...write, input: { ...write.input, reason: edits.reason.trim() } } as OutboxWrite;
    }
  }
}
