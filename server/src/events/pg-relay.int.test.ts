import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresRelay, type PostgresRelay } from './pg-relay.js';
import { dialectAvailable, freshDatabase, type TestDatabase } from '../../test-support/databases.js';
import { type UnitEvent, UnitEvents } from './unit-events.js';

function nextEvent(events: UnitEvents, unitId: number): Promise<UnitEvent> {
  const abort = new AbortController();
  return (async () => {
    for await (const event of events.stream(unitId, abort.signal)) {
      abort.abort();
      return event;
    }
    throw new Error('the stream ended without an event');
  })();
}

describe.runIf(dialectAvailable('postgres'))('live updates across server instances (PostgreSQL LISTEN/NOTIFY)', () => {
  let database: TestDatabase;
  let url: string;
  const relays: PostgresRelay[] = [];

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    url = database.url ?? '';
  });
  afterAll(async () => {
    for (const relay of relays) await relay.close();
    await database.close();
  });

  it('an event published on one instance reaches the subscribers of another, and its own, once', async () => {
    const a = new UnitEvents();
    const b = new UnitEvents();
    relays.push(await startPostgresRelay(a, url), await startPostgresRelay(b, url));
    const event: UnitEvent = { unitId: 7, admissionId: 42, kind: 'assessment', at: new Date().toISOString() };
    const onB = nextEvent(b, 7);
    const onA = nextEvent(a, 7);
    const started = Date.now();
    a.publish(event);
    expect(await onB).toEqual(event);
    expect(await onA).toEqual(event);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('events of another unit are not delivered to a unit subscriber', async () => {
    const a = new UnitEvents();
    relays.push(await startPostgresRelay(a, url));
    const onUnit1 = nextEvent(a, 1);
    a.publish({ unitId: 2, admissionId: 1, kind: 'assessment', at: new Date().toISOString() });
    a.publish({ unitId: 1, admissionId: 5, kind: 'administration', at: new Date().toISOString() });
    expect((await onUnit1).admissionId).toBe(5);
  });
});
