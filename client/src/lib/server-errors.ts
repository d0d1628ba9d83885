import type { AppRouter } from '@detox/server';
import { TRPCClientError } from '@trpc/client';

export interface FieldErrors {
  /** Issues by input path ("items.pupils", "vitals.heartRate", "doseMg"). */
  byPath: Record<string, string>;
  /** What cannot be pinned to a field: shown at the top of the form. */
  general: string | null;
}

/** The error body's `data` as the server's errorFormatter shapes it (server/src/trpc.ts), inferred, not restated. */
export type ServerErrorData = TRPCClientError<AppRouter>['data'];

/** The server's error data, or null for anything that is not an answer from this server. */
export function serverErrorData(error: unknown): ServerErrorData | null {
  // instanceof cannot carry the router's type parameter; the data itself is typed from the server.
  return error instanceof TRPCClientError ? ((error as TRPCClientError<AppRouter>).data ?? null) : null;
}

/** Splits a server refusal into messages beside the fields they concern and one for the form. */
export function fieldErrorsOf(error: unknown, knownPaths: (path: string) => boolean): FieldErrors {
  if (!error) return { byPath: {}, general: null };
  if (!(error instanceof TRPCClientError))
    return { byPath: {}, general: 'The server could not be reached; check the connection and save again.' };
  const data = serverErrorData(error);
  const byPath: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of data?.issues ?? []) {
    if (knownPaths(issue.path) && !byPath[issue.path]) byPath[issue.path] = issue.message;
    else unplaced.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  const general = data?.issues?.length ? (unplaced.length ? unplaced.join('; ') : null) : error.message;
  return { byPath, general };
}
