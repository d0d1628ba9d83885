import { lockSession } from '../auth/session-lock.js';
import type { OutboxEntry } from './outbox-entry.js';
import { sendWrite } from './outbox-send.js';
import { readEntries, removeEntry, updateEntry } from './outbox-store.js';
import { entriesToSend } from './replay-plan.js';
import { failureOf, refusalOf } from './send-failure.js';

export type ReplayOutcome = { stopped: 'unreachable' | 'session' | null; delivered: number };

/**
 * Sends one queued entry. A given dose charted offline goes with givenOffline: the server records it
 * even if its check now fails, flags it and alerts the physician. When the Save itself had already
 * gone out (its answer lost), the server finds that first copy under this request id (the flag is not
 * part of what a repeat must match) and answers as it did then.
 */
async function deliver(entry: OutboxEntry): Promise<void> {
  const flagged = entry.write.procedure === 'medications.record' && entry.write.input.status === 'given';
  await sendWrite(entry.write, { requestId: entry.requestId, ...(flagged ? { givenOffline: true } : {}) });
}

/**
 * One pass over the signed-in user's waiting entries, oldest first, one at a time. A delivered entry
 * leaves the outbox; a refused one moves to "needs attention" with the server's words (kept); no
 * connection or an ended session stops the pass with the rest still queued, in order.
 */
export async function replayOnce(userId: number, onSending?: (entry: OutboxEntry) => void): Promise<ReplayOutcome> {
  let delivered = 0;
  for (const entry of entriesToSend(await readEntries(), { userId })) {
    onSending?.(entry);
    try {
      await deliver(entry);
      await removeEntry(entry.requestId);
      delivered += 1;
    } catch (error) {
      const kind = failureOf(error);
      if (kind === 'unreachable') {
        // Not taken as the page losing the server (server-reach.ts), unlike a save or a question: the
        // replay runs once a probe got an answer, so a write that gets none now is a partial outage
        // (a gateway refusing writes), and going offline would flap with each probe.
        await updateEntry({ ...entry, lastTriedAt: new Date().toISOString() });
        return { stopped: 'unreachable', delivered };
      }
      if (kind === 'session') {
        // The session ended under the tablet: lock, and send again once the same nurse unlocks.
        lockSession();
        return { stopped: 'session', delivered };
      }
      const { code, message } = refusalOf(error);
      await updateEntry({
        ...entry,
        state: 'needs-attention',
        attention: { code, message, at: new Date().toISOString() },
      });
    }
  }
  return { stopped: null, delivered };
}

/** Only one tab replays at a time (Web Locks), so two open tabs never send the same entry together. */
export async function replayExclusively(
  userId: number,
  onSending?: (entry: OutboxEntry) => void,
): Promise<ReplayOutcome> {
  if (!('locks' in navigator)) return replayOnce(userId, onSending);
  return navigator.locks.request('detox-outbox-replay', { ifAvailable: true }, async (lock) =>
    lock ? replayOnce(userId, onSending) : { stopped: null, delivered: 0 },
  );
}
