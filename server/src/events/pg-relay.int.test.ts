import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainHead } from '../services/audit-append-postgres.js';
import { type ChainHeadNews, startPostgresRelay, type PostgresRelay } from './pg-relay.js';
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

  it("carries the publisher's audit chain head to the other instances' sealers, and not to their screens", async () => {
    const head: ChainHead = { lastId: 41, hmac: 'a'.repeat(64) };
    const heardByB: ChainHead[] = [];
    const onA: ChainHeadNews = { knownHead: () => head, heardHead: () => {} };
    const onB: ChainHeadNews = { knownHead: () => null, heardHead: (h) => heardByB.push(h) };
    const a = new UnitEvents();
    const b = new UnitEvents();
    relays.push(
      await startPostgresRelay(a, url, console.warn, onA),
      await startPostgresRelay(b, url, console.warn, onB),
    );
    const event: UnitEvent = { unitId: 9, admissionId: 3, kind: 'administration', at: new Date().toISOString() };
    const onScreenOfB = nextEvent(b, 9);
    a.publish(event);
    expect(await onScreenOfB).toEqual(event);
    expect(heardByB).toEqual([head]);
    // Without a sealed head yet (B's), the event goes alone (another unit: A's own event is still on its way back to it).
    const onScreenOfA = nextEvent(a, 10);
    b.publish({ ...event, unitId: 10 });
    expect(await onScreenOfA).toEqual({ ...event, unitId: 10 });
    expect(heardByB).toEqual([head]);
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
