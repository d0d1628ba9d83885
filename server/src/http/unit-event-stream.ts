import { unitEventsInput } from '@detox/shared';
import { TRPCError, getTRPCErrorFromUnknown } from '@trpc/server';
import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { SessionPolicy } from '../auth/session-policy.js';
import type { Database } from '../db/database.js';
import type { UnitStreamMessage } from '../events/unit-events.js';
import { SESSION_ENDED, type UnitStreamSources, unitStreamMessages } from '../events/unit-stream.js';
import { scopeDenial } from '../services/unit-scope.js';
import { getUnit } from '../services/units.js';
import { errorShapeOf } from '../trpc.js';
import { actorFor, resolveSession } from './session.js';

/**
 * events.unit, an open stream served without tRPC's stream pipeline (issue 16). tRPC sends each
 * event through a chain of async generators, a web ReadableStream, a TransformStream and a
 * TextEncoderStream, once per open stream: on the hospital bench (200 streams, 10 a unit) that was
 * about 0.18 ms of the event loop per delivery, 10 deliveries for every charted record. Here an event's
 * text is made once and the same bytes are written to every stream of its unit.
 *
 * The bytes are tRPC's (its sse.ts): `event: connected` with `{}` first, then one `data:` line per
 * message, each followed by a blank line and tRPC's extra newline; a stream whose session ended gets
 * tRPC's `serialized-error` event, shaped by the same error formatter, and is closed. The client's
 * httpSubscriptionLink reads them as it reads tRPC's. The messages come from the same place as the
 * procedure's (events/unit-stream.ts).
 *
 * Only a stream that will open is served here: input that does not parse, no session, a unit out of
 * the user's reach or unknown, anything else unusual (a Last-Event-ID, a batch) goes on to tRPC,
 * which answers it as before (and writes the audit row of a refusal).
 */
export interface UnitEventStreamOptions {
  db: Kysely<Database>;
  policy: SessionPolicy;
  sources: UnitStreamSources;
  /** tRPC's onError: a stream ended by its session is logged and counted as tRPC's path did. */
  onError: (opts: { error: TRPCError; path: string; req: Request }) => void;
  /** Time to open the stream (the checks), for /metrics, as tRPC's middleware measured it. */
  observeProcedure?: (procedure: string, durationSeconds: number) => void;
}

const PATH = 'events.unit';
const CONNECTED = Buffer.from('event: connected\ndata: {}\n\n\n');

export function unitEventStreams(options: UnitEventStreamOptions): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' || req.path !== `/${PATH}`) {
      next();
      return;
    }
    const started = performance.now();
    admitted(options, req).then(
      (stream) => {
        if (!stream) {
          next();
          return;
        }
        options.observeProcedure?.(PATH, (performance.now() - started) / 1000);
        // Gone while it was checked: its 'close' has passed, and nothing would ever end the stream.
        if (req.socket.destroyed) return;
        void serve(options, req, res, stream);
      },
      // A failure while checking (the database) is tRPC's to answer, with its error formatter.
      () => next(),
    );
  };
}

interface Admitted {
  token: string;
  userId: number;
  input: { unitId: number; since?: string };
}

async function admitted(options: UnitEventStreamOptions, req: Request): Promise<Admitted | null> {
  const query = req.query;
  if (typeof query.input !== 'string' || 'batch' in query || 'lastEventId' in query || 'Last-Event-Id' in query)
    return null;
  if (req.headers['last-event-id'] !== undefined) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(query.input);
  } catch {
    return null;
  }
  const input = unitEventsInput.safeParse(raw);
  if (!input.success) return null;
  const { token, user } = await resolveSession(options.db, options.policy, req);
  if (!token || !user) return null;
  if (await scopeDenial(options.db, actorFor(user, req), input.data)) return null;
  try {
    await getUnit(options.db, input.data.unitId);
  } catch {
    return null;
  }
  return { token, userId: user.id, input: input.data };
}

async function serve(options: UnitEventStreamOptions, req: Request, res: Response, stream: Admitted): Promise<void> {
  // The headers tRPC's adapter sends with a stream (the app turns any cache-control into no-store).
  res.statusCode = 200;
  res.setHeader('content-type', 'text/event-stream');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('connection', 'keep-alive');
  res.setHeader('vary', 'trpc-accept, accept');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  res.write(CONNECTED);
  const left = new AbortController();
  res.once('close', () => left.abort());
  let ending: TRPCError | null = null;
  try {
    for await (const message of unitStreamMessages(options.sources, stream, stream.input, left.signal))
      if (!res.destroyed) res.write(frameOf(message));
    // The client learns why, and does not reconnect with a dead cookie.
    if (!left.signal.aborted) ending = new TRPCError({ code: 'UNAUTHORIZED', message: SESSION_ENDED });
  } catch (cause) {
    ending = getTRPCErrorFromUnknown(cause);
  }
  if (ending && !res.destroyed) {
    options.onError({ error: ending, path: PATH, req });
    res.write(`event: serialized-error\ndata: ${JSON.stringify(errorShapeOf(ending, PATH))}\n\n\n`);
  }
  res.end();
}

/** Every stream of a unit is sent the same message object: its text is made once. */
const frames = new WeakMap<UnitStreamMessage, Buffer>();

function frameOf(message: UnitStreamMessage): Buffer {
  let frame = frames.get(message);
  if (!frame) {
    frame = Buffer.from(`data: ${JSON.stringify(message)}\n\n\n`);
    frames.set(message, frame);
  }
  return frame;
}
