import { type SubstanceCode, type UsedSubstance, getSubstance, legacySubstance, SUBSTANCE_CODES } from '@detox/shared';
import type { Kysely, Transaction } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import { idsInShape, runInShape } from '../db/id-list-shapes.js';
import type { AdmissionRow, Database } from '../db/database.js';

type Reader = Kysely<Database> | Transaction<Database>;

export interface AdmissionSubstanceView {
  code: SubstanceCode;
  name: string;
  kind: ReturnType<typeof getSubstance>['kind'];
  detail: string | null;
}

export async function insertAdmissionSubstances(
  trx: Transaction<Database>,
  admissionId: number,
  used: readonly UsedSubstance[],
): Promise<void> {
  await trx
    .insertInto('admission_substance')
    .values(
      used.map((u, i) => ({ admission_id: admissionId, position: i + 1, code: u.code, detail: u.detail ?? null })),
    )
    .execute();
}

function isCode(code: string): code is SubstanceCode {
  return (SUBSTANCE_CODES as readonly string[]).includes(code);
}

/**
 * The coded substances of each admission, in charted order. An admission with no coded rows (one
 * written straight into the table by an old script or fixture) is read through the old free-text
 * mapping, so every admission has at least one substance and the rules never see none.
 */
export async function substancesOf(
  db: Reader,
  admissions: readonly AdmissionWithSubstance[],
): Promise<Map<number, UsedSubstance[]>> {
  if (admissions.length === 0) return new Map();
  const [only] = admissions;
  if (admissions.length === 1 && only)
    return substancesOfRows(admissions, await substancesOfOne(db, { admissionId: only.id }));
  const ids = idsInShape(admissions.map((a) => a.id));
  const rows = await runInShape(
    db,
    substanceRows(db).where('admission_id', 'in', ids).orderBy('admission_id').orderBy('position').compile(),
    ids,
  );
  return substancesOfRows(admissions, rows);
}

/** What an admission row says of its substance, for an admission with no coded rows. */
type AdmissionWithSubstance = Pick<AdmissionRow, 'id' | 'substance' | 'opioid_kind'>;

/** The substances of each admission, from their rows (substanceRows) in charted order. */
export function substancesOfRows(
  admissions: readonly AdmissionWithSubstance[],
  rows: readonly SubstanceRow[],
): Map<number, UsedSubstance[]> {
  const result = new Map<number, UsedSubstance[]>();
  for (const row of rows) {
    // A code this version does not know (a newer server wrote it) reads as "other", never as nothing.
    const used: UsedSubstance = { code: isCode(row.code) ? row.code : 'other', detail: row.detail };
    result.set(row.admission_id, [...(result.get(row.admission_id) ?? []), used]);
  }
  for (const a of admissions) {
    if (!result.has(a.id)) result.set(a.id, [legacySubstance(a.substance, a.opioid_kind)]);
  }
  return result;
}

/** The coded substance rows; an admission's in charted order when ordered by position. */
export function substanceRows(db: Reader) {
  return db.selectFrom('admission_substance').select(['admission_id', 'code', 'detail']);
}

/** A coded row as read: its code as text, since a newer server may have written one this version does not know. */
type SubstanceRow = { admission_id: number; code: string; detail: string | null };

// One stay's substances are read by every dose check, timeline and orders.due (compiledOnce: built
// once, not per request).
const substancesOfOne = compiledOnce((db: Kysely<Database>, slot) =>
  substanceRows(db).where('admission_id', '=', slot('admissionId')).orderBy('position'),
);

export function substanceViews(used: readonly UsedSubstance[]): AdmissionSubstanceView[] {
  return used.map((u) => {
    const s = getSubstance(u.code);
    return { code: s.code, name: s.name, kind: s.kind, detail: u.detail ?? null };
  });
}
