import { trpcClient } from '../../trpc.js';
import type { OutboxWrite } from './outbox-entry.js';

export type SendAnswer = { id: number; givenOffline?: boolean };

/**
 * Sends one clinical write with its request id. The input's type is the write's own; the extra
 * fields (requestId, givenOffline) are checked by the server's schema (shared/src/api).
 */
export async function sendWrite(
  write: OutboxWrite,
  extra: { requestId: string; givenOffline?: true | undefined },
): Promise<SendAnswer> {
  switch (write.procedure) {
    case 'assessments.record':
      return trpcClient.assessments.record.mutate({ ...write.input, ...extra });
    case 'assessments.correct':
      return trpcClient.assessments.correct.mutate({ ...write.input, requestId: extra.requestId });
    case 'medications.record':
      return trpcClient.medications.record.mutate({ ...write.input, ...extra });
    case 'medications.correct':
      return trpcClient.medications.correct.mutate({ ...write.input, requestId: extra.requestId });
  }
}
