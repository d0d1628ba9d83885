import type { AppRouter } from '@detox/server';
import type { inferRouterOutputs } from '@trpc/server';

/**
 * What each procedure answers, inferred from the server's router as the client infers it: a test's
 * idea of a response cannot drift from the API. The transport is plain JSON and every answer is
 * already JSON-shaped (times are ISO strings), so the inferred types are what arrives over HTTP.
 */
export type ApiOutputs = inferRouterOutputs<AppRouter>;
