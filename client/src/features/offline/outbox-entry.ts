import type { AppRouter } from '@detox/server';
import type { inferRouterInputs } from '@trpc/server';

type Inputs = inferRouterInputs<AppRouter>;

/**
 * One clinical write the tablet could not deliver (issue 13): what the nurse saved, exactly as it
 * would have been sent, with the request id made when Save was pressed (the server lands it once
 * however often it is sent) and who charted it (it is only ever sent under that person's session).
 */
export type OutboxWrite =
  | { procedure: 'assessments.record'; input: RecordAssessmentWrite }
  | { procedure: 'assessments.correct'; input: CorrectAssessmentWrite }
  | { procedure: 'medications.record'; input: RecordDoseWrite }
  | { procedure: 'medications.correct'; input: CorrectDoseWrite };

/** Each procedure's input as the client sends it, less what the outbox adds on sending. */
export type RecordAssessmentWrite = Omit<Inputs['assessments']['record'], 'requestId'>;
export type CorrectAssessmentWrite = Omit<Inputs['assessments']['correct'], 'requestId'>;
export type RecordDoseWrite = Omit<Inputs['medications']['record'], 'requestId' | 'givenOffline'>;
export type CorrectDoseWrite = Omit<Inputs['medications']['correct'], 'requestId'>;

export type OutboxProcedure = OutboxWrite['procedure'];

export type OutboxState = 'waiting' | 'needs-attention' | 'discarded';

export interface OutboxEntry {
  /** The request id made when Save was pressed; also the entry's key in IndexedDB. */
  requestId: string;
  /** Order of saving on this tablet: the queue replays oldest first. */
  seq: number;
  write: OutboxWrite;
  admissionId: number;
  /** The charted time as the nurse entered it (takenAt / givenAt), never the time it is sent. */
  chartedAt: string;
  /** When Save was pressed. */
  savedAt: string;
  userId: number;
  userName: string;
  state: OutboxState;
  /** The server's answer when it refused the entry on replay, in its own words. */
  attention?: { message: string; code: string; at: string };
  /** Why, when and by whom an entry that needed attention was discarded on this tablet. */
  discarded?: { reason: string; at: string; byName: string };
  /** Last time a send failed for want of a connection (for the banner's "last tried"). */
  lastTriedAt?: string;
}

/** The charted time of a write: the time the nurse entered (or the moment of Save, defaulted by the form). */
export function chartedAtOf(write: OutboxWrite): string {
  switch (write.procedure) {
    case 'assessments.record':
      return write.input.takenAt;
    case 'medications.record':
      return write.input.givenAt;
    case 'assessments.correct':
    case 'medications.correct': {
      const replacement = write.input.replacement;
      if (!replacement) return new Date().toISOString();
      return 'takenAt' in replacement ? replacement.takenAt : replacement.givenAt;
    }
  }
}
