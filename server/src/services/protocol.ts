import { DEFAULT_UNIT_PROTOCOL, type UnitProtocol, type UpdateProtocolInput } from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './actor.js';
import { writeAudit } from './audit.js';
import { Refusal, isUniqueViolation } from './errors.js';
import { getUnit } from './units.js';

export interface ProtocolVersion {
  unitId: number;
  version: number;
  protocol: UnitProtocol;
  reason: string;
  recordedBy: { id: number; name: string } | null;
  recordedAt: string;
}

type Reader = Kysely<Database> | Transaction<Database>;

/** The protocol in force on a unit: its newest version (every unit gets version 1 when created). */
export async function currentProtocol(db: Reader, unitId: number): Promise<ProtocolVersion> {
  const row = await db
    .selectFrom('unit_protocol')
    .leftJoin('app_user', 'app_user.id', 'unit_protocol.recorded_by')
    .select(['unit_protocol.version', 'unit_protocol.protocol', 'unit_protocol.reason', 'unit_protocol.recorded_at', 'app_user.id as user_id', 'app_user.name as user_name'])
    .where('unit_protocol.unit_id', '=', unitId)
    .orderBy('unit_protocol.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) {
    // A unit created before protocols were versioned runs on the shipped defaults until changed.
    return { unitId, version: 0, protocol: DEFAULT_UNIT_PROTOCOL, reason: 'Shipped defaults', recordedBy: null, recordedAt: new Date(0).toISOString() };
  }
  return {
    unitId,
    version: row.version,
    protocol: JSON.parse(row.protocol) as UnitProtocol,
    reason: row.reason,
    recordedBy: row.user_id === null ? null : { id: row.user_id, name: row.user_name ?? '' },
    recordedAt: row.recorded_at,
  };
}

export async function protocolHistory(db: Kysely<Database>, unitId: number) {
  await getUnit(db, unitId);
  return db
    .selectFrom('unit_protocol')
    .leftJoin('app_user', 'app_user.id', 'unit_protocol.recorded_by')
    .select(['unit_protocol.version', 'unit_protocol.reason', 'unit_protocol.recorded_at as recordedAt', 'app_user.name as recordedBy'])
    .where('unit_protocol.unit_id', '=', unitId)
    .orderBy('unit_protocol.version', 'desc')
    .execute();
}

export async function insertInitialProtocol(trx: Transaction<Database>, unitId: number, recordedAt: string): Promise<void> {
  await trx
    .insertInto('unit_protocol')
    .values({ unit_id: unitId, version: 1, protocol: JSON.stringify(DEFAULT_UNIT_PROTOCOL), reason: 'Defaults from the clinical reference', recorded_by: null, recorded_at: recordedAt })
    .execute();
}

/** A change is a new version; the old one stays, so every dose can show what it was checked against. */
export async function updateProtocol(db: Kysely<Database>, actor: Actor, input: UpdateProtocolInput): Promise<{ version: number }> {
  await getUnit(db, input.unitId);
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await currentProtocol(trx, input.unitId);
      const version = current.version + 1;
      await trx
        .insertInto('unit_protocol')
        .values({ unit_id: input.unitId, version, protocol: JSON.stringify(input.protocol), reason: input.reason, recorded_by: actor.id, recorded_at: new Date().toISOString() })
        .execute();
      await writeAudit(trx, actor, 'update', 'unit-protocol', input.unitId);
      return { version };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Refusal('CONFLICT', 'Someone changed the protocol at the same moment; reload it and make your change again');
    throw error;
  }
}
