import type { AppRouter } from '@detox/server';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import {
  TRPCClientError,
  createTRPCClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
} from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { lockSession } from './features/auth/session-lock.js';
import { retryQuery } from './features/offline/queries-follow-reach.js';
import { lostIfNoAnswer } from './features/offline/server-reach.js';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      // Live unit events arrive as server-sent events; everything else is JSON over HTTP.
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: splitLink({
        // The server refuses logging in or out inside a batch (server/src/http/batch-guard.ts). A call
        // marked sendNow goes out at once: a batch waits for a timer, which runs after any render
        // already scheduled (the first load's board, first-load.ts).
        condition: (op) => op.path === 'auth.login' || op.path === 'auth.logout' || op.context.sendNow === true,
        true: httpLink({ url: '/trpc' }),
        // The server's cap on calls per batch (MAX_BATCH_CALLS).
        false: httpBatchLink({ url: '/trpc', maxItems: 20 }),
      }),
    }),
  ],
});

function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED';
}

/** tRPC's query and mutation keys start with the procedure path, e.g. [['auth', 'login'], …]. */
function procedureOf(key: readonly unknown[] | undefined): string {
  const path = key?.[0];
  return Array.isArray(path) ? path.join('.') : '';
}

/**
 * A 401 on anything but the login itself (or the who-am-I check, which decides between the app and
 * the login page) means the session ended under an open page: lock the screen instead of throwing
 * the user out, so a form being filled is kept.
 */
function lockIfSessionEnded(error: unknown, procedure: string) {
  if (!isUnauthorized(error) || procedure === 'auth.login' || procedure === 'auth.me') return;
  // After a deliberate logout the cache is cleared: nobody is logged in, so there is nothing to lock.
  const signedIn =
    queryClient.getQueryCache().find({ queryKey: [['auth', 'me']], exact: false })?.state.data !== undefined;
  if (signedIn) lockSession();
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      // The questions asked once (retry: false, as the session) take the page offline here.
      lostIfNoAnswer(error);
      lockIfSessionEnded(error, procedureOf(query.queryKey));
    },
  }),
  mutationCache: new MutationCache({
    onError: (error, _v, _c, mutation) => lockIfSessionEnded(error, procedureOf(mutation.options.mutationKey)),
  }),
  defaultOptions: {
    queries: {
      retry: retryQuery,
      staleTime: 5_000,
    },
    mutations: {
      // A press of a button goes out even while the page takes the server for lost (server-reach.ts):
      // paused, a logout or a signed order would sit on "Saving…" and go minutes later unseen; sent,
      // it succeeds if the server is back, or says it got no answer. Scores and doses are queued
      // instead (offline-save.ts).
      networkMode: 'always',
    },
  },
});
