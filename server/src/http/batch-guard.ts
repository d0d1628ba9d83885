import type { RequestHandler } from 'express';

/**
 * tRPC batching (issue 11, item 1): `/trpc/a,b,c?batch=1` runs several calls in one request. All the
 * logins of one batch would be checked before any failure was counted, and one URL held about 1,400
 * calls, each a password hash or an audit row. So:
 * - logging in and out is never batched (the client sends them alone);
 * - any other batch holds at most MAX_BATCH_CALLS calls (the client's batch link uses the same cap).
 * Refused before the body is read, in tRPC's error shape.
 */
export const MAX_BATCH_CALLS = 20;

const UNBATCHABLE = new Set(['auth.login', 'auth.logout']);

export const BATCH_WITH_LOGIN =
  'Logging in and out cannot be part of a batch; send auth.login or auth.logout on its own';
export const BATCH_TOO_LARGE = `A batch holds at most ${MAX_BATCH_CALLS} calls; send the rest in another request`;

/** Why the batch is refused, or null. `path` is the part after /trpc/. */
export function batchRefusal(path: string, batch: boolean): string | null {
  if (!batch) return null;
  const calls = path.split(',');
  if (calls.some((c) => UNBATCHABLE.has(c))) return BATCH_WITH_LOGIN;
  if (calls.length > MAX_BATCH_CALLS) return BATCH_TOO_LARGE;
  return null;
}

/** Mounted at /trpc, before tRPC. */
export function batchGuard(): RequestHandler {
  return (req, res, next) => {
    const batch = req.query.batch === '1' || req.query.batch === 'true';
    let path: string;
    try {
      path = decodeURIComponent(req.path.replace(/^\//, ''));
    } catch {
      path = req.path; // malformed escapes: tRPC answers 404 for the unknown procedure
    }
    const reason = batchRefusal(path, batch);
    if (reason === null) {
      next();
      return;
    }
    res.setHeader('Connection', 'close');
    res.status(400).json({
      error: {
        message: reason,
        code: -32600,
        data: { code: 'BAD_REQUEST', httpStatus: 400, issues: [{ path: '', message: reason }], warnings: [] },
      },
    });
  };
}
