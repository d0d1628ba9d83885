import { DEFAULT_UNIT_PROTOCOL, type DrugId, getDrug } from '@detox/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.js';
import { insertOrder } from '../src/services/orders.js';
import { actorFor } from './databases.js';

/**
 * A standing PRN order for tests whose subject is not the order: from the drug's smallest usual dose
 * up to the unit's hard limit, with no limits of its own, so only the unit protocol judges the dose.
 * Written as a fixture from the time of admission (like the demo seed), so doses charted at any time
 * of the stay are covered.
 */
export async function standingOrder(db: Kysely<Database>, admissionId: number, drug: DrugId): Promise<number> {
  const physician = await actorFor(db, 'physician');
  const info = getDrug(drug);
  return db.transaction().execute(async (trx) => {
    const admission = await trx
      .selectFrom('admission')
      .select(['id', 'unit_id', 'admitted_at'])
      .where('id', '=', admissionId)
      .executeTakeFirstOrThrow();
    return insertOrder(
      trx,
      physician,
      admission,
      {
        drug,
        doseMg: Math.min(...info.typicalDosesMg),
        doseMaxMg: DEFAULT_UNIT_PROTOCOL.drugs[drug].plausibleMaxDoseMg,
        route: info.defaultRoute,
        kind: 'prn',
        indication: 'as needed (test order)',
        startAt: admission.admitted_at,
      },
      { channel: 'written', orderedBy: physician.id, readBack: false },
      { recordedAt: admission.admitted_at },
    );
  });
}
