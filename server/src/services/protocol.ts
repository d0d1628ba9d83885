import {
  DEFAULT_UNIT_PROTOCOL,
  type UnitProtocol,
  type UpdateProtocolInput,
  loosenedHardLimits,
  unitProtocolSchema,
} from '@detox/shared';
import { type Kysely, type Transaction, sql } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import type { Database } from '../db/database.js';
import { readJsonColumn } from '../db/json-column.js';
import { storedWords } from '../db/stored-json.js';
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

/** Parsed stored protocols by their JSON text: versions are append-only, so a text always parses the same. */
const parsedProtocols = new Map<string, UnitProtocol>();
const PARSED_PROTOCOLS_KEPT = 100;

/**
 * A stored protocol version, validated by the same schema protocol.update writes with (defaults filled
 * in for settings added since it was saved). One that fails is not quietly replaced by the shipped
 * defaults: the unit's limits would silently change. It fails loudly, naming the unit and version.
 */
export function readStoredProtocol(json: string, unitId: number, version: number): UnitProtocol {
  const hit = parsedProtocols.get(json);
  if (hit) return hit;
  const parsed = unitProtocolSchema.safeParse(JSON.parse(json));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(protocol)'}: ${i.message}`).join('; ');
    throw new Error(
      `The stored protocol of unit ${unitId}, version ${version}, is not valid (${problems}); a physician must save a corrected version`,
    );
  }
  const protocol = parsed.data as UnitProtocol;
  parsedProtocols.set(json, protocol);
  if (parsedProtocols.size > PARSED_PROTOCOLS_KEPT) {
    const oldest = parsedProtocols.keys().next().value;
    if (oldest !== undefined) parsedProtocols.delete(oldest);
  }
  return protocol;
}

/**
 * The unit's newest protocol version number, by the unit's version index alone, as a column of a
 * caller's own lookup (`unit_id` names the unit's column there); null when it has none.
 */
export const newestProtocolVersion = (unitIdColumn: string) =>
  sql<
    number | null
  >`(select max(unit_protocol.version) from unit_protocol where unit_protocol.unit_id = ${sql.ref(unitIdColumn)})`;

/** Every write that checks against the protocol runs this (compiledOnce: built once, not per request). */
const newestVersionNumber = compiledOnce((db: Kysely<Database>, slot) =>
  db.selectFrom('unit').select(newestProtocolVersion('unit.id').as('version')).where('id', '=', slot('unitId')),
);

const protocolVersionRow = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('unit_protocol')
    .leftJoin('app_user', 'app_user.id', 'unit_protocol.recorded_by')
    .select([
      'unit_protocol.version',
      'unit_protocol.protocol',
      'unit_protocol.reason',
      'unit_protocol.recorded_at',
      'app_user.id as user_id',
      'app_user.name as user_name',
    ])
    .where('unit_protocol.unit_id', '=', slot('unitId'))
    .where('unit_protocol.version', '=', slot('version')),
);

/**
 * Protocol versions already read, per database (its Kysely adapter, shared by the handle, its
 * transactions and plugin views) by unit and version. A stored version never changes (versions are
 * append-only, and a user's name is never edited), so a kept one is exactly what a read would give:
 * a board or timeline read then asks only for the newest version's number, not for its text again.
 */
const keptVersionsOf = new WeakMap<object, Map<string, ProtocolVersion>>();
const VERSIONS_KEPT = 200;

// The dose check and orders.due run it (compiledOnce: built once, not per request).
const unitClockAndNewestVersion = compiledOnce((db: Kysely<Database>, slot) =>
  db
    .selectFrom('unit')
    .select(['time_zone', newestProtocolVersion('unit.id').as('version')])
    .where('id', '=', slot('unitId')),
);

/** The unit's time zone and the protocol in force on it, in one round trip. */
export async function unitClockAndProtocol(
  db: Reader,
  unitId: number,
): Promise<{ timeZone: string; protocol: ProtocolVersion }> {
  const [unit] = await unitClockAndNewestVersion(db, { unitId });
  if (!unit) throw new Error(`Unit ${unitId} vanished while it was read`);
  return { timeZone: unit.time_zone, protocol: await protocolOfVersion(db, unitId, unit.version) };
}

/** The protocol in force on a unit: its newest version (every unit gets version 1 when created). */
export async function currentProtocol(db: Reader, unitId: number): Promise<ProtocolVersion> {
  const [newest] = await newestVersionNumber(db, { unitId });
  return protocolOfVersion(db, unitId, newest?.version ?? null);
}

/**
 * The unit's protocol at `newestVersion`, which the caller read in a query of its own (a board's or a
 * timeline's first lookup reads `newestProtocolVersion` alongside): one round trip fewer a read.
 * Null: the unit has no stored version.
 */
export async function protocolOfVersion(
  db: Reader,
  unitId: number,
  newestVersion: number | null,
): Promise<ProtocolVersion> {
  if (newestVersion === null) {
    // A unit created before protocols were versioned runs on the shipped defaults until changed.
    return {
      unitId,
      version: 0,
      protocol: DEFAULT_UNIT_PROTOCOL,
      reason: 'Shipped defaults',
      recordedBy: null,
      recordedAt: new Date(0).toISOString(),
    };
  }
  const adapter = db.getExecutor().adapter;
  let keptVersions = keptVersionsOf.get(adapter);
  if (!keptVersions) {
    keptVersions = new Map();
    keptVersionsOf.set(adapter, keptVersions);
  }
  const key = `${unitId}:${newestVersion}`;
  const kept = keptVersions.get(key);
  if (kept) return kept;
  const [row] = await protocolVersionRow(db, { unitId, version: newestVersion });
  if (!row) throw new Error(`Protocol version ${newestVersion} of unit ${unitId} vanished while it was read`);
  const version: ProtocolVersion = Object.freeze({
    unitId,
    version: row.version,
    protocol: readStoredProtocol(row.protocol, unitId, row.version),
    reason: row.reason,
    recordedBy: row.user_id === null ? null : { id: row.user_id, name: row.user_name ?? '' },
    recordedAt: row.recorded_at,
  });
  // Not from inside a transaction: a version it wrote itself may yet be rolled back.
  if (db.isTransaction) return version;
  keptVersions.set(key, version);
  if (keptVersions.size > VERSIONS_KEPT) {
    const oldest = keptVersions.keys().next().value;
    if (oldest !== undefined) keptVersions.delete(oldest);
  }
  return version;
}

export async function protocolHistory(db: Kysely<Database>, unitId: number) {
  await getUnit(db, unitId);
  return db
    .selectFrom('unit_protocol')
    .leftJoin('app_user', 'app_user.id', 'unit_protocol.recorded_by')
    .select([
      'unit_protocol.version',
      'unit_protocol.reason',
      'unit_protocol.recorded_at as recordedAt',
      'app_user.name as recordedBy',
    ])
    .where('unit_protocol.unit_id', '=', unitId)
    .orderBy('unit_protocol.version', 'desc')
    .execute();
}

export async function insertInitialProtocol(
  trx: Transaction<Database>,
  unitId: number,
  recordedAt: string,
): Promise<void> {
  await trx
    .insertInto('unit_protocol')
    .values({
      unit_id: unitId,
      version: 1,
      protocol: JSON.stringify(DEFAULT_UNIT_PROTOCOL),
      reason: 'Defaults from the clinical reference',
      recorded_by: null,
      recorded_at: recordedAt,
    })
    .execute();
}

export interface ProtocolUpdateResult {
  /** The version in force after the call (unchanged while a change waits for approval). */
  version: number;
  /** Set when the change loosens a hard limit: it waits for a second physician (protocol.approve). */
  pendingChangeId: number | null;
  loosened: string[];
}

/**
 * A change is a new version; the old one stays, so every dose can show what it was checked against.
 * A change that loosens a hard limit (shared loosenedHardLimits) does not take effect: it is kept as
 * a pending change until another physician approves it (issue 11, item 4).
 */
export async function updateProtocol(
  db: Kysely<Database>,
  actor: Actor,
  input: UpdateProtocolInput,
): Promise<ProtocolUpdateResult> {
  await getUnit(db, input.unitId);
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await currentProtocol(trx, input.unitId);
      const loosened = loosenedHardLimits(current.protocol, input.protocol);
      if (loosened.length > 0) {
        const row = await trx
          .insertInto('protocol_change')
          .values({
            unit_id: input.unitId,
            base_version: current.version,
            protocol: JSON.stringify(input.protocol),
            reason: input.reason,
            loosened: JSON.stringify(loosened),
            proposed_by: actor.id,
            proposed_at: new Date().toISOString(),
            approved_by: null,
            approved_at: null,
            applied_version: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeAudit(trx, actor, 'create', 'protocol-change', row.id);
        return { version: current.version, pendingChangeId: row.id, loosened };
      }
      const version = await insertVersion(trx, actor, input.unitId, current.version + 1, input.protocol, input.reason);
      return { version, pendingChangeId: null, loosened: [] };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Refusal(
        'CONFLICT',
        'Someone changed the protocol at the same moment; reload it and make your change again',
      );
    throw error;
  }
}

async function insertVersion(
  trx: Transaction<Database>,
  actor: Actor,
  unitId: number,
  version: number,
  protocol: UnitProtocol,
  reason: string,
): Promise<number> {
  await trx
    .insertInto('unit_protocol')
    .values({
      unit_id: unitId,
      version,
      protocol: JSON.stringify(protocol),
      reason,
      recorded_by: actor.id,
      recorded_at: new Date().toISOString(),
    })
    .execute();
  await writeAudit(trx, actor, 'update', 'unit-protocol', unitId);
  return version;
}

export interface PendingProtocolChange {
  id: number;
  unitId: number;
  baseVersion: number;
  protocol: UnitProtocol;
  reason: string;
  loosened: string[];
  proposedBy: { id: number; name: string };
  proposedAt: string;
}

/** Changes waiting for a second physician, oldest first. */
export async function pendingProtocolChanges(db: Reader, unitId: number): Promise<PendingProtocolChange[]> {
  const rows = await db
    .selectFrom('protocol_change')
    .innerJoin('app_user', 'app_user.id', 'protocol_change.proposed_by')
    .selectAll('protocol_change')
    .select('app_user.name as proposer_name')
    .where('protocol_change.unit_id', '=', unitId)
    .where('protocol_change.approved_at', 'is', null)
    .orderBy('protocol_change.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    baseVersion: r.base_version,
    protocol: readJsonColumn(unitProtocolSchema, r.protocol, {
      table: 'protocol_change',
      column: 'protocol',
      id: r.id,
    }),
    reason: r.reason,
    loosened: readJsonColumn(storedWords, r.loosened, { table: 'protocol_change', column: 'loosened', id: r.id }),
    proposedBy: { id: r.proposed_by, name: r.proposer_name },
    proposedAt: r.proposed_at,
  }));
}

/** A second physician approves a loosening change: it becomes the next version, naming both. */
export async function approveProtocolChange(
  db: Kysely<Database>,
  actor: Actor,
  input: { changeId: number },
): Promise<{ version: number }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const change = await trx
        .selectFrom('protocol_change')
        .selectAll()
        .where('id', '=', input.changeId)
        .executeTakeFirst();
      if (!change) throw new Refusal('NOT_FOUND', `Protocol change ${input.changeId} does not exist`);
      if (change.approved_at !== null) throw new Refusal('CONFLICT', 'This change was already approved');
      if (change.proposed_by === actor.id) {
        throw new Refusal(
          'CONFLICT',
          'A change that loosens a hard limit needs a second physician: ask a colleague to approve it',
        );
      }
      const current = await currentProtocol(trx, change.unit_id);
      if (current.version !== change.base_version) {
        throw new Refusal(
          'CONFLICT',
          `The protocol changed (now version ${current.version}) since this change was proposed; propose it again on the current version`,
        );
      }
      const protocol = readJsonColumn(unitProtocolSchema, change.protocol, {
        table: 'protocol_change',
        column: 'protocol',
        id: change.id,
      });
      const proposer = await trx
        .selectFrom('app_user')
        .select('name')
        .where('id', '=', change.proposed_by)
        .executeTakeFirst();
      const version = await insertVersion(
        trx,
        actor,
        change.unit_id,
        current.version + 1,
        protocol,
        `${change.reason} (proposed by ${proposer?.name ?? 'unknown'}, approved by ${actor.name})`,
      );
      await trx
        .updateTable('protocol_change')
        .set({ approved_by: actor.id, approved_at: new Date().toISOString(), applied_version: version })
        .where('id', '=', change.id)
        .execute();
      await writeAudit(trx, actor, 'update', 'protocol-change', change.id);
      return { version };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Refusal('CONFLICT', 'Someone changed the protocol at the same moment; reload it and approve again');
    throw error;
  }
}
