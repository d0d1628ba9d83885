import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { OutboxEntry } from './outbox-entry.js';
import { outboxSnapshot, subscribeOutbox } from './outbox-store.js';
import { replayExclusively } from './replay-loop.js';
import { useOnline } from './use-online.js';

/** Every entry on this tablet, oldest first, as the outbox holds it now. */
export function useOutbox(): readonly OutboxEntry[] {
  return useSyncExternalStore(subscribeOutbox, outboxSnapshot);
}

/** How often a queue that could not be sent is tried again while the page is open. */
export const RETRY_EVERY_MS = 15_000;

/**
 * Sends the signed-in user's waiting entries: at once, when the browser comes back online, when an
 * entry is queued while online, and every RETRY_EVERY_MS (Wi-Fi that "comes back" without an online
 * event). Nothing is sent while the screen is locked or under anyone else's session.
 */
export function useReplay(userId: number | null): { sending: boolean } {
  const queryClient = useQueryClient();
  const online = useOnline();
  const entries = useOutbox();
  const [sending, setSending] = useState(false);
  const mine = entries.filter((e) => e.state === 'waiting' && e.userId === userId).length;
  const hasMine = mine > 0;

  useEffect(() => {
    if (userId === null || !hasMine || !online) return;
    let stopped = false;
    let running = false;
    const run = async () => {
      if (running || stopped) return;
      running = true;
      setSending(true);
      try {
        const { delivered } = await replayExclusively(userId);
        // What was delivered now shows in the record, the board and the chart.
        if (delivered > 0) await queryClient.invalidateQueries();
      } finally {
        running = false;
        setSending(false);
      }
    };
    void run();
    const timer = window.setInterval(() => void run(), RETRY_EVERY_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [userId, hasMine, online, queryClient]);

  return { sending: sending && mine > 0 };
}
