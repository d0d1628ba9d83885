import type { AdministrationWarning } from '@detox/shared';

/**
 * What a service refuses, in the clinic's words. The tRPC layer maps the code to its HTTP status;
 * services stay free of transport.
 */
export type RefusalCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'TOO_MANY_REQUESTS'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN';

export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    /** The input field the refusal concerns, so the form can show it beside that field. */
    readonly path?: string,
    /** Safety warnings behind a refusal, so the form can show each with what to do. */
    readonly warnings?: readonly AdministrationWarning[],
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export const notFound = (what: string, id: number) => new Refusal('NOT_FOUND', `${what} ${id} does not exist`);

/** True when the database refused a row because a unique constraint already holds that value. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
