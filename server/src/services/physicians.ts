import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * The active physicians a nurse may name on a verbal or telephone order (issue 9). Staff names,
 * not patient data: like units.list, not audited as a read.
 */
export async function activePhysicians(db: Kysely<Database>): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('app_user')
    .select(['id', 'name'])
    .where('role', '=', 'physician')
    .where('active', '=', 1)
    .orderBy('name', 'asc')
    .execute();
}
