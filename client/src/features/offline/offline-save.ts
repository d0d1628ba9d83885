import { type OutboxEntry, type OutboxWrite, chartedAtOf } from './outbox-entry.js';
import { type SendAnswer, sendWrite } from './outbox-send.js';
import { queueEntry } from './outbox-store.js';
import { newRequestId } from './request-id.js';
import { hasTheRecord } from './queries-follow-reach.js';
import { failureOf } from './send-failure.js';
import { lostIfNoAnswer } from './server-reach.js';

export type SaveResult = { saved: SendAnswer; queued?: undefined } | { queued: OutboxEntry; saved?: undefined };

function admissionOf(write: OutboxWrite, admissionId: number): number {
  return 'admissionId' in write.input ? write.input.admissionId : admissionId;
}

/**
 * Save, as the forms call it (issue 13): the request id is made here, once per press of Save. With no
 * connection (or no answer) the entry goes to the outbox with that id, its charted time and who
 * charted it, and is sent later under that person's session; a refusal or an ended session is
 * thrown back to the form as before, so the nurse fixes it there.
 */
export async function saveOrQueue(
  write: OutboxWrite,
  context: { admissionId: number; user: { id: number; name: string }; givenOffline?: true },
): Promise<SaveResult> {
  const requestId = newRequestId();
  const queue = () =>
    queueEntry({
      requestId,
      write,
      admissionId: admissionOf(write, context.admissionId),
      chartedAt: chartedAtOf(write),
      savedAt: new Date().toISOString(),
      userId: context.user.id,
      userName: context.user.name,
      state: 'waiting',
    });
  // Offline, or the server has not answered since a call got no answer: queue at once. Sent into a
  // dead link, the save could wait for the network's timeout with the nurse looking at "Saving…".
  if (!hasTheRecord()) return { queued: await queue() };
  try {
    return { saved: await sendWrite(write, { requestId, givenOffline: context.givenOffline }) };
  } catch (error) {
    if (failureOf(error) !== 'unreachable') throw error;
    // No answer: the page is offline from here until a probe gets one (server-reach.ts).
    lostIfNoAnswer(error);
    return { queued: await queue() };
  }
}
