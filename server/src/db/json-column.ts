import type { z } from 'zod';
import type { Database } from './database.js';

/**
 * A JSON column that does not hold what its writer wrote. The row is named (table, column, id) so
 * it can be found and mended; nothing guesses around it, because a guessed dose warning or score
 * item is worse than an error.
 */
export class StoredJsonError extends Error {
  override name = 'StoredJsonError';
}

export interface JsonColumnAt<T extends keyof Database> {
  table: T;
  column: keyof Database[T] & string;
  /** The row's id (or key), for the message. */
  id: number | string;
}

/** Parses a stored JSON column and checks it against the shape its writer stores; fails loudly otherwise. */
export function readJsonColumn<S extends z.ZodType, T extends keyof Database>(
  schema: S,
  text: string,
  at: JsonColumnAt<T>,
): z.output<S> {
  const where = `${at.table}.${at.column} of row ${at.id}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StoredJsonError(`${where} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ');
    throw new StoredJsonError(`${where} does not hold what was written (${problems})`);
  }
  return parsed.data;
}
