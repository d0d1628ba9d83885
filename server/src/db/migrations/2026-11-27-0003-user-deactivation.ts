import type { Kysely } from 'kysely';

// Frozen once shipped: add a new migration instead of editing this one. Typed Kysely<any> on purpose
// (see the initial migration).
//
// A deactivated account keeps who ended it, when and why (the audit row holds references only, never
// free text), so an administrator reading the user list can see the reason.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('deactivated_at', 'text').execute();
  await db.schema
    .alterTable('app_user')
    .addColumn('deactivated_by', 'integer', (c) => c.references('app_user.id'))
    .execute();
  await db.schema.alterTable('app_user').addColumn('deactivation_reason', 'text').execute();
}
