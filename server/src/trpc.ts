import type { Role } from '@detox/shared';
import { TRPCError, getErrorShape, initTRPC } from '@trpc/server';
import type { Kysely } from 'kysely';
import { ZodError } from 'zod';
import type { Database } from './db/database.js';
import type { Actor } from './services/actor.js';
import { auditDenied } from './services/audit.js';
import type { SessionPolicy } from './auth/session-policy.js';
import type { SessionUser } from './services/auth.js';
import { Refusal } from './services/errors.js';
import { refuseOutsideUnits } from './services/unit-guard.js';
import type { StreamSessions } from './events/stream-sessions.js';
import type { UnitEvents } from './events/unit-events.js';
import type { BoardRows } from './services/census.js';
import type { Timelines } from './services/timeline.js';

export interface Context {
  db: Kysely<Database>;
  events: UnitEvents;
  /** The open event streams' sessions, checked together (events/stream-sessions.ts). */
  streamSessions: StreamSessions;
  /** Board rows and timelines kept between reads (services/kept-by-admission.ts); absent in tests that build a context. */
  boardRows?: BoardRows;
  timelines?: Timelines;
  policy: SessionPolicy;
  user: SessionUser | null;
  sessionToken: string | null;
  address: string;
  /** Sets or clears the session cookie on the response. */
  setCookie: (value: string) => void;
  cookieSecure: boolean;
  /** Each procedure call's duration, for /metrics (http/metrics.ts); absent in tests that build a context. */
  observeProcedure?: (procedure: string, durationSeconds: number) => void;
}

export interface FieldIssue {
  path: string;
  message: string;
}

function issuesOf(error: TRPCError): FieldIssue[] | undefined {
  if (error.cause instanceof ZodError) {
    return error.cause.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  }
  if (error.cause instanceof Refusal && error.cause.path)
    return [{ path: error.cause.path, message: error.cause.message }];
  return undefined;
}

/** tRPC's own refusals (a body over the limit) carry only their code as message: say it in words. */
const PLAIN_MESSAGES: Partial<Record<TRPCError['code'], string>> = {
  PAYLOAD_TOO_LARGE: 'The request is larger than the 1 MB limit; shorten the note or other text and send it again',
};
const NOT_JSON = 'The input is not valid JSON; send it as a JSON object (the body of a POST, or ?input= of a GET)';
const UNEXPECTED = 'Something went wrong on the server; try again, and tell the unit admin if it keeps happening';

/**
 * A failure no code expected: tRPC wraps it with the thrower's own message (a database error naming
 * tables, a file's absolute path), which must not reach the browser. Its cause goes to the server's log
 * (logTrpcError); the answer says what to do. An internal error raised on purpose keeps its words.
 */
function isUnexpected(error: TRPCError): boolean {
  if (error.code !== 'INTERNAL_SERVER_ERROR') return false;
  if (error.message === error.code) return true;
  return error.cause instanceof Error && !(error.cause instanceof Refusal) && error.message === error.cause.message;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const issues = issuesOf(error);
    // zod's default message is a JSON dump; a nurse reads the first problem in words instead.
    // A body that is not JSON: JSON.parse's own words ("Expected property name…") help nobody at a bedside.
    const unparsable = error.code === 'PARSE_ERROR' || error.cause instanceof SyntaxError;
    const message = isUnexpected(error)
      ? UNEXPECTED
      : unparsable
        ? NOT_JSON
        : error.cause instanceof ZodError && issues
          ? issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
          : error.message === error.code
            ? (PLAIN_MESSAGES[error.code] ?? shape.message)
            : shape.message;
    const warnings = error.cause instanceof Refusal ? (error.cause.warnings ?? []) : [];
    return {
      ...shape,
      message,
      data: {
        ...shape.data,
        stack: undefined,
        issues: issues ?? (unparsable ? [{ path: '', message }] : []),
        warnings,
      },
    };
  },
});

/** Service refusals become tRPC errors with the same code and message. */
export function refusalAsTRPCError(refusal: Refusal): TRPCError {
  return new TRPCError({ code: refusal.code, message: refusal.message, cause: refusal });
}

/** The error body tRPC would send, for answers made outside tRPC (downloads): one error shape leaves the server. */
export function errorShapeOf(error: TRPCError, path?: string) {
  return getErrorShape({ config: t._config, error, type: 'unknown', path, input: undefined, ctx: undefined });
}

export const router = t.router;
/**
 * Times every call, each call of a batch on its own (the request's own time covers the whole batch),
 * and turns service refusals into tRPC errors with the same code and message. One middleware, not
 * two: tRPC copies the call's options and context at every level (issue 16, CPU per request).
 */
const timedWithRefusals = t.middleware(async ({ ctx, path, next }) => {
  const started = performance.now();
  try {
    const result = await next();
    if (!result.ok && result.error.cause instanceof Refusal) throw refusalAsTRPCError(result.error.cause);
    return result;
  } finally {
    ctx.observeProcedure?.(path, (performance.now() - started) / 1000);
  }
});

export const publicProcedure = t.procedure.use(timedWithRefusals);

// Routers and the app write "denied" rows through the same service as the scope check.
export { auditDenied };

const NOT_LOGGED_IN = 'You are not logged in, or your session has ended; log in again';

/** The context of a logged-in call: its user and the actor the services audit; 401 without a session. */
function loggedIn(ctx: Context) {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: NOT_LOGGED_IN });
  const actor: Actor = {
    id: ctx.user.id,
    name: ctx.user.name,
    role: ctx.user.role,
    address: ctx.address,
    unitIds: ctx.user.unitIds,
  };
  return { ...ctx, user: ctx.user, actor };
}

/**
 * Logged in, and not unit-scoped: only for procedures about the user's own session or that must
 * reach beyond the user's units on purpose (break-the-glass itself). Everything else uses
 * authedProcedure, clinicianProcedure or requireRole, which are unit-scoped.
 */
export const sessionProcedure = publicProcedure.use(({ ctx, next }) => next({ ctx: loggedIn(ctx) }));

/** Unit-scoped: every id in the input must be on the user's units (services/unit-guard.ts), else 403, audited. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next, getRawInput }) => {
  const session = loggedIn(ctx);
  const admissionsRead = await refuseOutsideUnits(session.db, session.actor, await getRawInput());
  return next({ ctx: { ...session, admissionsRead } });
});

/** The only way to build a procedure for some roles: the role check cannot be forgotten. */
export function requireRole(...roles: Role[]) {
  return publicProcedure.use(async ({ ctx, next, path, getRawInput }) => {
    const session = loggedIn(ctx);
    if (!roles.includes(session.user.role)) {
      await auditDenied(session.db, session.actor, path, null);
      const article = /^[aeiou]/.test(roles[0] ?? '') ? 'an' : 'a';
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `Only ${article} ${roles.join(' or ')} may do this; you are logged in as ${session.user.role}`,
      });
    }
    const admissionsRead = await refuseOutsideUnits(session.db, session.actor, await getRawInput());
    return next({ ctx: { ...session, admissionsRead } });
  });
}

export const clinicianProcedure = requireRole('nurse', 'physician');
