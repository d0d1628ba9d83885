import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import type { AdmissionOnUnit, AdmissionsRead } from './admission-on-unit.js';
import { auditDenied } from './audit.js';
import { Refusal } from './errors.js';
import { scopeDenial, visibleUnitIds } from './unit-scope.js';

/**
 * Unit scoping for every tRPC procedure past sessionProcedure and every download: each unitId,
 * admissionId or record id in the input must be on a unit the actor is assigned to (or holds a live
 * break-the-glass grant for); otherwise a "denied" audit row and a 403 refusal with the reason.
 * Answers with the stays it read, for the procedure to use rather than read again.
 */
export async function refuseOutsideUnits(db: Kysely<Database>, actor: Actor, input: unknown): Promise<AdmissionsRead> {
  const read = new Map<number, AdmissionOnUnit>();
  const denial = await scopeDenial(db, actor, input, new Date(), read);
  if (!denial) return read;
  const entity = denial.place.admissionId !== null ? 'admission' : 'unit';
  await auditDenied(db, actor, entity, denial.place.admissionId ?? denial.place.unitId);
  throw new Refusal('FORBIDDEN', denial.message);
}

/**
 * The unit a download is for (api.md downloads): the one asked for, or the actor's only unit while
 * they have only one; then scoped like any procedure.
 */
export async function downloadUnitId(
  db: Kysely<Database>,
  actor: Actor,
  requested: number | undefined,
): Promise<number> {
  const unitId = requested ?? (await onlyUnitOf(db, actor));
  await refuseOutsideUnits(db, actor, { unitId });
  return unitId;
}

async function onlyUnitOf(db: Kysely<Database>, actor: Actor): Promise<number> {
  const [only, second] = [...(await visibleUnitIds(db, actor))];
  if (only === undefined)
    throw new Refusal('NOT_FOUND', 'You are not assigned to any unit; ask an admin to assign you');
  if (second !== undefined)
    throw new Refusal(
      'BAD_REQUEST',
      'You work on more than one unit: say which with unitId=<id> (units.list gives the ids)',
      'unitId',
    );
  return only;
}
