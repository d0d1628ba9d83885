import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './database.js';
import { isPostgres } from './dialect.js';
import { keepPrepared } from './prepared-statements.js';

/**
 * The lengths an `in (…)` list of ids is padded to. The board computes the rows of a unit's changed
 * stays together, one to forty of them, with a few queries over their ids: with one text for every
 * count, PostgreSQL parsed and planned each of them on every run (issue 16: on the hospital bench,
 * 37 ms of its CPU a second, a tenth of all it did). Padded, they come in a few texts that it keeps
 * prepared (runInShape).
 */
const SHAPES: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/**
 * `ids` padded to the next length of SHAPES by repeating the last, or to `length` when given (a
 * query's lists padded alike). An `in (…)` finds the same rows with the repeats; a list longer than
 * the longest shape is left as it is.
 */
export function idsInShape(ids: readonly number[], length = shapeOf(ids.length)): readonly number[] {
  const last = ids[ids.length - 1];
  if (last === undefined || ids.length >= length) return ids;
  return [...ids, ...new Array<number>(length - ids.length).fill(last)];
}

/** The length a list of `count` ids is padded to. */
export function shapeOf(count: number): number {
  return SHAPES.find((shape) => shape >= count) ?? count;
}

/**
 * Runs a query whose id lists were padded (idsInShape), given as `lists`: on PostgreSQL its text is
 * kept prepared (db/prepared-statements.ts) when every list has one of the few lengths, so the set of
 * texts a connection keeps stays bounded by the code.
 */
export async function runInShape<Row>(
  db: Kysely<Database>,
  query: CompiledQuery<Row>,
  ...lists: (readonly number[])[]
): Promise<Row[]> {
  if (isPostgres(db) && lists.every((list) => SHAPES.includes(list.length))) keepPrepared(query.sql);
  return (await db.executeQuery(query)).rows;
}
