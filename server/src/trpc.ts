import type { Role } from '@detox/shared';
import { TRPCError, initTRPC } from '@trpc/server';
import type { Kysely } from 'kysely';
import { ZodError } from 'zod';
import type { Database } from './db/database.js';
import type { Actor } from './services/actor.js';
import type { SessionPolicy, SessionUser } from './services/auth.js';
import { Refusal } from './services/errors.js';
import type { UnitEvents } from './unit-events.js';

export interface Context {
  db: Kysely<Database>;
  events: UnitEvents;
  policy: SessionPolicy;
  user: SessionUser | null;
  sessionToken: string | null;
  address: string;
  /** Sets or clears the session cookie on the response. */
  setCookie: (value: string) => void;
  cookieSecure: boolean;
}

export interface FieldIssue {
  path: string;
  message: string;
}

function issuesOf(error: TRPCError): FieldIssue[] | undefined {
  if (error.cause instanceof ZodError) {
    return error.cause.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  }
  if (error.cause instanceof Refusal && error.cause.path) return [{ path: error.cause.path, message: error.cause.message }];
  return undefined;
}

/** tRPC's own refusals (a body over the limit) carry only their code as message: say it in words. */
const PLAIN_MESSAGES: Partial<Record<TRPCError['code'], string>> = {
  PAYLOAD_TOO_LARGE: 'The request is larger than the 1 MB limit; shorten the note or other text and send it again',
};
const NOT_JSON = 'The input is not valid JSON; send it as a JSON object (the body of a POST, or ?input= of a GET)';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const issues = issuesOf(error);
    // zod's default message is a JSON dump; a nurse reads the first problem in words instead.
    // A body that is not JSON: JSON.parse's own words ("Expected property name…") help nobody at a bedside.
    const unparsable = error.code === 'PARSE_ERROR' || error.cause instanceof SyntaxError;
    const message = unparsable
      ? NOT_JSON
      : error.cause instanceof ZodError && issues
        ? issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
        : error.message === error.code
          ? (PLAIN_MESSAGES[error.code] ?? shape.message)
          : shape.message;
    const warnings = error.cause instanceof Refusal ? (error.cause.warnings ?? []) : [];
    return { ...shape, message, data: { ...shape.data, stack: undefined, issues: issues ?? (unparsable ? [{ path: '', message }] : []), warnings } };
  },
});

/** Service refusals become tRPC errors with the same code and message. */
export function refusalAsTRPCError(refusal: Refusal): TRPCError {
  return new TRPCError({ code: refusal.code, message: refusal.message, cause: refusal });
}

const refusals = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof Refusal) throw refusalAsTRPCError(result.error.cause);
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(refusals);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'You are not logged in, or your session has ended; log in again' });
  const actor: Actor = { id: ctx.user.id, name: ctx.user.name, role: ctx.user.role, address: ctx.address };
  return next({ ctx: { ...ctx, user: ctx.user, actor } });
});

/** The only way to build a procedure for some roles: the role check cannot be forgotten. */
export function requireRole(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      const article = /^[aeiou]/.test(roles[0] ?? '') ? 'an' : 'a';
      throw new TRPCError({ code: 'FORBIDDEN', message: `Only ${article} ${roles.join(' or ')} may do this; you are logged in as ${ctx.user.role}` });
    }
    return next();
  });
}

export const clinicianProcedure = requireRole('nurse', 'physician');
