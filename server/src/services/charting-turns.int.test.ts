import { describe, expect, it } from 'vitest';
import { dialectAvailable, demoDatabase } from '../../test-support/databases.js';
import { admissionForCharting } from './admissions.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!dialectAvailable('postgres'))('charting on one stay takes turns (postgres)', () => {
  it('a second chart entry on the same stay waits for the first to commit; another stay does not wait', async () => {
    const t = await demoDatabase('postgres');
    try {
      const [stay, otherStay] = await t.db
        .selectFrom('admission')
        .select('id')
        .where('discharged_at', 'is', null)
        .orderBy('id')
        .limit(2)
        .execute();
      if (!stay || !otherStay) throw new Error('the demo has two open stays');
      let sameStayIn = false;
      let sameStay: Promise<void> | undefined;
      await t.db.transaction().execute(async (first) => {
        await admissionForCharting(first, stay.id);
        sameStay = t.db.transaction().execute(async (second) => {
          await admissionForCharting(second, stay.id);
          sameStayIn = true;
        });
        await t.db.transaction().execute((other) => admissionForCharting(other, otherStay.id));
        await pause(300);
        // Both checked at once, two entries could each pass a rule the pair breaks (a day's maximum, one open alert).
        expect(sameStayIn).toBe(false);
      });
      await sameStay;
      expect(sameStayIn).toBe(true);
    } finally {
      await t.close();
    }
  });
});
