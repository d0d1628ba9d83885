import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration). Self-contained: the mapping and protocol additions below are copies
// as of this migration, so later changes to shared/ do not change what it did.
//
// Issue 10 (clinical safety, second pass):
// - Admissions list coded substances (one or more) in admission_substance, with the nurse's own words
//   as the detail. Existing rows move over: the free text is mapped to a code (brand names and
//   misspellings of methadone included) and kept, unchanged, as the detail. The old substance and
//   opioid_kind columns stay, filled as before, so nothing is lost and old readers keep working.
// - admission.weight_kg, for weight-based limits (clonidine from 90 kg).
// - assessment.item_reasons: why an item was scored lower than its measurement suggests (COWS pulse).
// - Every unit gets a new protocol version with the additions (a version, not an edit: doses keep
//   pointing at the version they were checked against).

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const PATTERNS: readonly [RegExp, string][] = [
  [/metha?d|dolophin|metadon/i, 'methadone'],
  [/bup?renorph|suboxone|subutex|zubsolv|sublocade|brixadi/i, 'buprenorphine'],
  [/fent[ae]n/i, 'illicit-fentanyl'],
  [/heroin|diamorph/i, 'heroin'],
  [/oxycontin|oxy\w*\s*(?:er|cr|sr|xr)\b|oxy\w*.*extended/i, 'oxycodone-er'],
  [/oxy ?cod|percocet|roxicodone|oxy ?ir/i, 'oxycodone-ir'],
  [/ms ?contin|morph\w*\s*(?:er|cr|sr|xr)\b|morph\w*.*extended|kadian/i, 'morphine-er'],
  [/morph/i, 'morphine-ir'],
  [/hydromorph|dilaudid/i, 'hydromorphone'],
  [/hydrocod|vicodin|norco/i, 'hydrocodone'],
  [/codeine/i, 'codeine'],
  [/tramad/i, 'tramadol'],
  [/kratom|mitragyn/i, 'kratom'],
];
const SHORT_ACTING = new Set([
  'illicit-fentanyl',
  'heroin',
  'oxycodone-ir',
  'morphine-ir',
  'hydromorphone',
  'hydrocodone',
  'codeine',
  'tramadol',
  'kratom',
]);

function codeFor(text: string, kind: string): string {
  const match = PATTERNS.find(([p]) => p.test(text))?.[1];
  if (match === undefined) return kind === 'long' ? 'other-opioid-long-acting' : 'other-opioid-short-acting';
  if (kind === 'long' && SHORT_ACTING.has(match)) return 'other-opioid-long-acting';
  return match;
}

/** The protocol additions of issue 10, applied to a unit's current protocol without undoing its own choices. */
export function withAdditions(protocol: any): any {
  const p = JSON.parse(JSON.stringify(protocol));
  const drugs = p.drugs ?? {};
  const hold = { systolicBelowMmHg: 90, diastolicBelowMmHg: 60, heartRateBelowBpm: 60, vitalsWithinMinutes: 60 };
  if (drugs.lofexidine && drugs.lofexidine.vitalSignHold === undefined)
    drugs.lofexidine.vitalSignHold = drugs.clonidine?.vitalSignHold ?? hold;
  if (drugs.loperamide && drugs.loperamide.maxPer24hMg !== undefined) {
    drugs.loperamide.maxPer24hIsHardStop ??= true;
    if (drugs.loperamide.warnFromPer24hMg === undefined && drugs.loperamide.maxPer24hMg > 12)
      drugs.loperamide.warnFromPer24hMg = 12;
  }
  // Only the old shipped default moves to 0.8 mg + 1.2 mg from 90 kg; a unit's own figure stays.
  if (drugs.clonidine && drugs.clonidine.maxPer24hMg === 1.2 && drugs.clonidine.maxPer24hByWeight === undefined) {
    drugs.clonidine.maxPer24hMg = 0.8;
    drugs.clonidine.maxPer24hByWeight = { fromKg: 90, maxPer24hMg: 1.2 };
  }
  if (drugs.naltrexone && drugs.naltrexone.dosesByRoute === undefined)
    drugs.naltrexone.dosesByRoute = { PO: { minMg: 25, maxMg: 50 }, IM: { minMg: 380, maxMg: 380 } };
  if (drugs.methadone && drugs.methadone.dosesByRoute === undefined)
    drugs.methadone.dosesByRoute = { PO: { maxMg: drugs.methadone.plausibleMaxDoseMg ?? 150 } };
  p.naltrexoneStart ??= {
    opioidFreeDaysAfter: { shortActing: 7, extendedRelease: 10, methadone: 14, buprenorphine: 14 },
  };
  return p;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const idType = pg ? 'serial' : 'integer';
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('admission_substance')
    .addColumn('id', idType, id)
    .addColumn('admission_id', 'integer', (c) => c.notNull().references('admission.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addUniqueConstraint('admission_substance_position', ['admission_id', 'position'])
    .execute();
  await db.schema.alterTable('admission').addColumn('weight_kg', 'double precision').execute();
  await db.schema.alterTable('assessment').addColumn('item_reasons', 'text').execute();

  await moveAdmissionSubstances(db);
  await addProtocolVersions(db);
}

/** Each admission without coded substances gets one, mapped from its free text, the text kept as the detail. */
export async function moveAdmissionSubstances(db: Kysely<any>): Promise<void> {
  const admissions = await db
    .selectFrom('admission')
    .select(['id', 'substance', 'opioid_kind'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('admission_substance')
            .select('admission_substance.id')
            .whereRef('admission_substance.admission_id', '=', 'admission.id'),
        ),
      ),
    )
    .orderBy('id')
    .execute();
  for (const a of admissions) {
    await db
      .insertInto('admission_substance')
      .values({ admission_id: a.id, position: 1, code: codeFor(a.substance, a.opioid_kind), detail: a.substance })
      .execute();
  }
}

/** A new protocol version per unit with the additions; the old versions stay as they were. */
export async function addProtocolVersions(db: Kysely<any>): Promise<void> {
  const units = await db.selectFrom('unit').select('id').execute();
  for (const unit of units) {
    const current = await db
      .selectFrom('unit_protocol')
      .select(['version', 'protocol'])
      .where('unit_id', '=', unit.id)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!current) continue;
    await db
      .insertInto('unit_protocol')
      .values({
        unit_id: unit.id,
        version: current.version + 1,
        protocol: JSON.stringify(withAdditions(JSON.parse(current.protocol))),
        reason:
          'Clinical safety, second pass (issue 10): naltrexone start and doses by route, lofexidine hold parameters, loperamide 24 h maximum as a hard stop with a warning from 12 mg, IM methadone refused unless enabled, clonidine 0.8 mg/day (1.2 mg from 90 kg)',
        recorded_by: null,
        recorded_at: new Date().toISOString(),
      })
      .execute();
  }
}
