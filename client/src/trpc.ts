import type { AppRouter } from '@detox/server';
import { QueryClient } from '@tanstack/react-query';
import { TRPCClientError, createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      // Live unit events arrive as server-sent events; everything else is batched JSON over HTTP.
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: httpBatchLink({ url: '/trpc' }),
    }),
  ],
});

function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED';
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // An ended session is not a network blip: do not retry it.
      retry: (count, error) => !isUnauthorized(error) && count < 2,
      staleTime: 5_000,
    },
  },
});
