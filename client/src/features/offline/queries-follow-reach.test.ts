import { QueryClient, QueryObserver, onlineManager } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { type BrowserNetwork, queriesFollowReach, retryQuery } from './queries-follow-reach.js';
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

  it('a page already open turns offline at its first question without an answer, keeps its answer shown, paused, and reads afresh once the server answers', async () => {
    let serverAnswers = true;
    const reach = createServerReach({ probe: async () => serverAnswers, everyMs: 60_000 });
    queriesFollowReach(reach, onTheWifi());
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retry: (count, error) => retryQuery(count, error, reach), retryDelay: 1 } },
    });
    queryClient.mount();
    const queryFn = vi
      .fn<() => Promise<string>>()
      .mockResolvedValueOnce('first answer')
      .mockRejectedValueOnce(TRPCClientError.from(new TypeError('Failed to fetch')))
      .mockResolvedValue('fresh answer');
    const observer = new QueryObserver(queryClient, { queryKey: ['admission', 8], queryFn });
    const unsubscribe = observer.subscribe(() => {});
    await vi.waitFor(() => expect(observer.getCurrentResult().data).toBe('first answer'));
    expect(reach.unreachable()).toBe(false);

    // The server stops answering; the page asks again (the nurse comes back to it).
    serverAnswers = false;
    void observer.refetch();
    await vi.waitFor(() => expect(observer.getCurrentResult().fetchStatus).toBe('paused'));
    expect(reach.unreachable()).toBe(true);
    expect(onlineManager.isOnline()).toBe(false);
    expect(observer.getCurrentResult()).toMatchObject({ status: 'success', data: 'first answer', error: null });
    expect(queryFn).toHaveBeenCalledTimes(2);

    serverAnswers = true;
    await reach.probeNow();
    await vi.waitFor(() =>
      expect(observer.getCurrentResult()).toMatchObject({ data: 'fresh answer', fetchStatus: 'idle', error: null }),
    );
    expect(queryFn).toHaveBeenCalledTimes(3);
    unsubscribe();
    queryClient.unmount();
  });

  it('a question the server answered with an error leaves the page online, and shows the error once its retries run out', async () => {
    const reach = createServerReach({ probe: async () => true, everyMs: 60_000 });
    queriesFollowReach(reach, onTheWifi());
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retry: (count, error) => retryQuery(count, error, reach), retryDelay: 1 } },
    });
    const failure = TRPCClientError.from({
      error: { message: 'boom', code: -32603, data: { httpStatus: 500, code: 'INTERNAL_SERVER_ERROR' } },
    });
    const queryFn = vi.fn(async () => Promise.reject(failure));
    await expect(queryClient.fetchQuery({ queryKey: ['admission', 9], queryFn })).rejects.toBe(failure);
    expect(queryFn).toHaveBeenCalledTimes(3);
    expect(reach.unreachable()).toBe(false);
    expect(onlineManager.isOnline()).toBe(true);
  });

  it('an ended session is not asked again', () => {
    const reach = createServerReach({ probe: async () => true, everyMs: 60_000 });
    const ended = TRPCClientError.from({
      error: { message: 'no', code: -32001, data: { httpStatus: 401, code: 'UNAUTHORIZED' } },
    });
    expect(retryQuery(0, ended, reach)).toBe(false);
    expect(retryQuery(1, TRPCClientError.from(new TypeError('Failed to fetch')), reach)).toBe(true);
    expect(retryQuery(2, TRPCClientError.from(new TypeError('Failed to fetch')), reach)).toBe(false);
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
