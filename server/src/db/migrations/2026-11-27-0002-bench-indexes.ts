import type { Kysely } from 'kysely';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration). Dialect-neutral CREATE INDEX.
//
// Indexes found by the benches (tests/bench/census-board.ts, on 2 million assessments):
// census.board reads, for every patient on a unit, the newest active dose of each drug
// (services/census.ts). With (admission_id, given_at) alone it had to read every dose of every stay
// and sort them; with the drug in the key, the distinct (admission, drug) pairs come from the index
// alone and each pair's newest dose is one step into it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('administration_admission_drug_given')
    .on('medication_administration')
    .columns(['admission_id', 'drug', 'given_at'])
    .execute();
}
