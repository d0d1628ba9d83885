import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { Refusal } from './errors.js';

export type RecordType = 'assessment' | 'administration';
export type RecordStatus = 'active' | 'superseded' | 'entered-in-error';

export interface CorrectionView {
  action: 'replaced' | 'entered-in-error';
  reason: string;
  replacementId: number | null;
  correctedBy: { id: number; name: string };
  correctedAt: string;
}

/** Refuses to correct a record that has already been corrected: the newest version is the one to fix. */
export async function assertNotCorrected(
  trx: Transaction<Database>,
  recordType: RecordType,
  recordId: number,
  label: string,
): Promise<void> {
  const existing = await trx
    .selectFrom('record_correction')
    .select(['action', 'replacement_id', 'corrected_at'])
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  if (!existing) return;
  throw new Refusal(
    'CONFLICT',
    existing.action === 'replaced'
      ? `${label} ${recordId} was already corrected by ${label.toLowerCase()} ${existing.replacement_id} at ${existing.corrected_at}; correct that one instead`
      : `${label} ${recordId} was already marked entered in error at ${existing.corrected_at}`,
  );
}

export async function insertCorrection(
  trx: Transaction<Database>,
  values: {
    recordType: RecordType;
    recordId: number;
    replacementId: number | null;
    reason: string;
    correctedBy: number;
    correctedAt: string;
  },
): Promise<void> {
  await trx
    .insertInto('record_correction')
    .values({
      record_type: values.recordType,
      record_id: values.recordId,
      action: values.replacementId === null ? 'entered-in-error' : 'replaced',
      replacement_id: values.replacementId,
      reason: values.reason,
      corrected_by: values.correctedBy,
      corrected_at: values.correctedAt,
    })
    .execute();
}

/** Every correction of the given records, by record id. */
export async function correctionsFor(
  db: Kysely<Database>,
  recordType: RecordType,
  recordIds: number[],
): Promise<Map<number, CorrectionView>> {
  if (recordIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('record_correction')
    .innerJoin('app_user', 'app_user.id', 'record_correction.corrected_by')
    .select([
      'record_correction.record_id',
      'record_correction.action',
      'record_correction.reason',
      'record_correction.replacement_id',
      'record_correction.corrected_at',
      'app_user.id as user_id',
      'app_user.name as user_name',
    ])
    .where('record_correction.record_type', '=', recordType)
    .where('record_correction.record_id', 'in', recordIds)
    .execute();
  return new Map(
    rows.map((r) => [
      r.record_id,
      {
        action: r.action,
        reason: r.reason,
        replacementId: r.replacement_id,
        correctedBy: { id: r.user_id, name: r.user_name },
        correctedAt: r.corrected_at,
      },
    ]),
  );
}

export function statusOf(correction: CorrectionView | undefined): RecordStatus {
  if (!correction) return 'active';
  return correction.action === 'replaced' ? 'superseded' : 'entered-in-error';
}
