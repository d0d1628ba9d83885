import { TRPCClientError } from '@trpc/client';

/**
 * What a failed send means for an entry:
 * - `unreachable`: no answer from the server (Wi-Fi down, server restarting, a proxy's 502/503/504):
 *   keep it, send it again later with the same request id;
 * - `session`: the session ended (401): keep it until the same person logs in again;
 * - `refused`: the server answered and said no (400, 403, 404, 409, 412, …): retrying the same
 *   content cannot help, so the nurse must look at it ("needs attention"); never dropped.
 */
export type FailureKind = 'unreachable' | 'session' | 'refused';

/** From the HTTP status of the answer, or undefined when there was no answer at all. */
export function failureKind(httpStatus: number | undefined): FailureKind {
  if (httpStatus === undefined || httpStatus === 0) return 'unreachable';
  if (httpStatus === 401) return 'session';
  // Overloaded, timed out, a gateway with no server behind it: not an answer about the entry.
  if (httpStatus === 408 || httpStatus === 429 || httpStatus >= 500) return 'unreachable';
  return 'refused';
}

/** The HTTP status a tRPC call failed with; undefined when no answer came back (fetch failed). */
export function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data = (error as TRPCClientError<never>).data as { httpStatus?: unknown } | undefined;
  return typeof data?.httpStatus === 'number' ? data.httpStatus : undefined;
}

export function failureOf(error: unknown): FailureKind {
  return failureKind(httpStatusOf(error));
}

/**
 * Whether a call got no answer from the server itself: nothing came back (the fetch failed), or a
 * gateway answered in its place (502, 503, 504, or a page that is not the server's JSON). Narrower
 * than 'unreachable': a 500 or a 429 is the server answering about one call, and must not take the
 * whole tablet offline. A call the page cancelled is not a failure of the server.
 */
export function serverDidNotAnswer(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  if ((error.cause as { name?: unknown } | undefined)?.name === 'AbortError') return false;
  const status = httpStatusOf(error);
  return status === undefined || status === 502 || status === 503 || status === 504;
}

/** The server's code ("CONFLICT") and message, for the needs-attention list. */
export function refusalOf(error: unknown): { code: string; message: string } {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<never>).data as { code?: unknown } | undefined;
    return { code: typeof data?.code === 'string' ? data.code : 'ERROR', message: error.message };
  }
  return { code: 'ERROR', message: error instanceof Error ? error.message : String(error) };
}
