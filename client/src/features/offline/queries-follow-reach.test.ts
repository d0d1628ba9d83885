import { QueryClient, QueryObserver, onlineManager } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BrowserNetwork, queriesFollowReach } from './queries-follow-reach.js';
import { createServerReach } from './server-reach.js';

/** A browser that says it is online (the tablet is on the Wi-Fi), with its online / offline events. */
function onTheWifi(): BrowserNetwork & { goOffline(): void } {
  let onLine = true;
  const listeners = new Set<() => void>();
  return {
    onLine: () => onLine,
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    goOffline() {
      onLine = false;
      for (const listener of listeners) listener();
    },
  };
}

/** The server's answer to the page's question; it throws as fetch does when nothing answers. */
function patientQuery() {
  const answers: (string | Error)[] = [];
  const queryFn = vi.fn(async () => {
    const answer = answers.shift() ?? new TypeError('Failed to fetch');
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { answers, queryFn };
}

afterEach(() => {
  // Back to React Query's own listener (the browser's events), online.
  onlineManager.setEventListener((setOnline) => {
    setOnline(true);
    return () => {};
  });
});

describe("React Query's online follows the server's reach", () => {
  it('a page opened without an answer keeps its kept answer shown, paused, instead of "Failed to fetch", and reads afresh once the server answers', async () => {
    let serverAnswers = false;
    const reach = createServerReach({ probe: async () => serverAnswers, everyMs: 60_000 });
    queriesFollowReach(reach, onTheWifi());
    const queryClient = new QueryClient({ defaultOptions: { queries: { retryDelay: 1 } } });
    // As QueryClientProvider does: it then hears the online manager.
    queryClient.mount();
    const { answers, queryFn } = patientQuery();
    // The last answer kept on the tablet, restored (query-persistence.ts), and the server unreachable.
    queryClient.setQueryData(['admission', 7], 'kept answer', { updatedAt: Date.now() - 60 * 60_000 });
    reach.lost();
    expect(onlineManager.isOnline()).toBe(false);

    // The page mounts on the kept answer; it is stale, so it would be asked again.
    const observer = new QueryObserver(queryClient, { queryKey: ['admission', 7], queryFn, retry: 2 });
    const unsubscribe = observer.subscribe(() => {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(observer.getCurrentResult()).toMatchObject({
      status: 'success',
      fetchStatus: 'paused',
      data: 'kept answer',
      error: null,
    });
    expect(queryFn).not.toHaveBeenCalled();

    // The server answers a probe: the query runs, and the page shows the fresh answer.
    serverAnswers = true;
    answers.push('fresh answer');
    await reach.probeNow();
    expect(onlineManager.isOnline()).toBe(true);
    await vi.waitFor(() =>
      expect(observer.getCurrentResult()).toMatchObject({ data: 'fresh answer', fetchStatus: 'idle' }),
    );
    expect(queryFn).toHaveBeenCalledTimes(1);
    unsubscribe();
    queryClient.unmount();
  });

  it("does not take the browser's word at start: the page's first question goes out, and its failure opens the kept answers", async () => {
    const reach = createServerReach({ probe: async () => false, everyMs: 60_000 });
    const wifi = onTheWifi();
    wifi.goOffline();
    queriesFollowReach(reach, wifi);
    expect(onlineManager.isOnline()).toBe(true);
    const queryClient = new QueryClient();
    const session = queryClient.fetchQuery({
      queryKey: ['session'],
      queryFn: async () => Promise.reject(new TypeError('Failed to fetch')),
      retry: false,
    });
    await expect(session).rejects.toThrow('Failed to fetch');
    // first-load.ts then takes the server for unreachable: offline from here on.
    reach.lost();
    expect(onlineManager.isOnline()).toBe(false);
  });

  it('is online while the browser is and the server answers, offline when either is not', () => {
    const reach = createServerReach({ probe: async () => false, everyMs: 60_000 });
    const wifi = onTheWifi();
    queriesFollowReach(reach, wifi);
    expect(onlineManager.isOnline()).toBe(true);
    wifi.goOffline();
    expect(onlineManager.isOnline()).toBe(false);
  });
});
