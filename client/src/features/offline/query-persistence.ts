import { type QueryClient, dehydrate, hydrate } from '@tanstack/react-query';
import { offlineDb } from './offline-db.js';
import { lockSession, wasLocked } from '../auth/session-lock.js';
import { type CachedQuery, asLastAnswer, describeKey, recentAdmissions, shouldPersist } from './persisted-queries.js';

const ROW = 'last';
const SAVE_AFTER_MS = 1_000;

function meOf(queryClient: QueryClient): { id: number } | undefined {
  const me = queryClient.getQueryCache().find({ queryKey: [['auth', 'me']], exact: false });
  return me?.state.data as { id: number } | undefined;
}

/**
 * Restores the last answers read on this tablet, before the first render, when the page opens
 * without an answer from the server (no network, or no route to it: first-load.ts): who was logged
 * in, the board and the recent patients, as they were. With an answer nothing is restored: the
 * server says who is logged in and answers for that person only. A tablet that was locked opens
 * locked (the password is checked by the server, so it stays locked until the connection is back).
 */
export async function restoreQueries(queryClient: QueryClient): Promise<void> {
  try {
    const row = await (await offlineDb()).get('queryCache', ROW);
    if (!row) return;
    hydrate(queryClient, row.state as Parameters<typeof hydrate>[1]);
    if (wasLocked()) lockSession();
  } catch {
    // No IndexedDB (private mode): nothing to read offline.
  }
}

/**
 * Keeps the answers worth reading offline in IndexedDB as they arrive (a second after the last),
 * and deletes them as soon as nobody is logged in: after a logout or "someone else" on the lock
 * screen the cache is cleared, and so is this copy.
 */
export function persistQueries(queryClient: QueryClient): () => void {
  let timer: number | undefined;
  const save = async () => {
    const db = await offlineDb();
    const me = meOf(queryClient);
    // Nobody known yet (the page is still asking): keep the last copy; a logout removes it (below).
    if (!me) return;
    const all: CachedQuery[] = queryClient
      .getQueryCache()
      .getAll()
      .map((q) => ({ ...describeKey(q.queryKey), updatedAt: q.state.dataUpdatedAt }));
    const recent = recentAdmissions(all);
    const dehydrated = dehydrate(queryClient, {
      shouldDehydrateQuery: (q) =>
        q.state.data !== undefined &&
        shouldPersist({ ...describeKey(q.queryKey), updatedAt: q.state.dataUpdatedAt }, recent),
    });
    const state = { ...dehydrated, queries: dehydrated.queries.map(asLastAnswer) };
    await db.put('queryCache', { userId: me.id, savedAt: Date.now(), state }, ROW);
  };
  const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' && event.type !== 'removed') return;
    // Logged out (the cache is cleared): the copy goes now, not a second later.
    if (event.type === 'removed' && describeKey(event.query.queryKey).procedure === 'auth.me') void forgetQueries();
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void save().catch(() => undefined), SAVE_AFTER_MS);
  });
  return () => {
    window.clearTimeout(timer);
    unsubscribe();
  };
}

/** Logout: the kept answers go at once (not a second later), before anyone else can reload the page. */
export async function forgetQueries(): Promise<void> {
  await (await offlineDb()).delete('queryCache', ROW).catch(() => undefined);
}
