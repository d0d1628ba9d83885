import { offlineDb } from './offline-db.js';
import type { OutboxEntry } from './outbox-entry.js';

/**
 * The outbox in IndexedDB, and a snapshot of it for the screens. Every change is told to the other
 * tabs of this browser (BroadcastChannel), so two open tabs show the same waiting entries.
 */
let snapshot: readonly OutboxEntry[] = [];
const listeners = new Set<() => void>();
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('detox-outbox');

async function refresh(): Promise<void> {
  const db = await offlineDb();
  snapshot = await db.getAllFromIndex('outbox', 'seq');
  for (const listener of listeners) listener();
}

function changed(): Promise<void> {
  channel?.postMessage('changed');
  return refresh();
}
if (channel) channel.onmessage = () => void refresh();

export function subscribeOutbox(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function outboxSnapshot(): readonly OutboxEntry[] {
  return snapshot;
}

/** Reads the outbox once at start-up (before that the snapshot is empty). */
export const outboxLoaded: Promise<void> = typeof indexedDB === 'undefined' ? Promise.resolve() : refresh();

/** Queues an entry after the last one: replay follows the order of saving. */
export async function queueEntry(entry: Omit<OutboxEntry, 'seq'>): Promise<OutboxEntry> {
  const db = await offlineDb();
  const tx = db.transaction('outbox', 'readwrite');
  const last = await tx.store.index('seq').openCursor(null, 'prev');
  const queued: OutboxEntry = { ...entry, seq: (last?.value.seq ?? 0) + 1 };
  await tx.store.put(queued);
  await tx.done;
  await changed();
  return queued;
}

export async function updateEntry(entry: OutboxEntry): Promise<void> {
  await (await offlineDb()).put('outbox', entry);
  await changed();
}

/** Delivered (the server has it) or replaced by an edited copy: the entry leaves the outbox. */
export async function removeEntry(requestId: string): Promise<void> {
  await (await offlineDb()).delete('outbox', requestId);
  await changed();
}

export async function readEntries(): Promise<OutboxEntry[]> {
  return (await offlineDb()).getAllFromIndex('outbox', 'seq');
}
