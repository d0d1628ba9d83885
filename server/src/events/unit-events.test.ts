import type { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HISTORY_KEPT_COUNT, HISTORY_KEPT_MS } from './unit-event-history.js';
import { SINCE_MARGIN_MS, type UnitEvent, UnitEvents, type UnitStreamMessage } from './unit-events.js';

const T0 = Date.parse('2026-12-02T07:00:00Z');

function event(admissionId: number, unitId = 1): UnitEvent {
  return { unitId, admissionId, kind: 'assessment', at: new Date().toISOString() };
}

/** The next message on the stream (the stream stays open). */
async function next<T>(stream: AsyncGenerator<T>): Promise<T> {
  const result = await stream.next();
  if (result.done) throw new Error('the stream ended');
  return result.value;
}

const idOf = (message: UnitStreamMessage) => (message.kind === 'resync' ? 'resync' : message.admissionId);

/** Every event of another instance comes back through the relay, as PostgreSQL NOTIFY hands it over. */
function relayedInstance(): UnitEvents {
  const events = new UnitEvents();
  events.useRelay(async (message) => events.receive(message));
  return events;
}

describe('UnitEvents.streamSince: what a screen missed between its read and its stream', () => {
  let stop: AbortController;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    stop = new AbortController();
  });
  afterEach(() => {
    stop.abort();
    vi.useRealTimers();
  });

  it('sends the unit’s events received since, then the live ones, and no other unit’s', async () => {
    const events = new UnitEvents();
    vi.setSystemTime(T0 + 1_000);
    events.receive(event(1));
    vi.setSystemTime(T0 + 2_000);
    const since = Date.now();
    events.receive(event(2));
    events.receive(event(3, 9));
    vi.setSystemTime(T0 + 3_000);
    events.receive(event(4));

    const stream = events.streamSince(1, since, stop.signal);
    expect(idOf(await next(stream))).toBe(2);
    expect(idOf(await next(stream))).toBe(4);
    events.receive(event(5, 9));
    events.receive(event(6));
    expect(idOf(await next(stream))).toBe(6);
  });

  it('on one instance looks no earlier than since: the read and the history share a clock', async () => {
    const events = new UnitEvents();
    vi.setSystemTime(T0 + 5_000);
    events.receive(event(1));
    vi.setSystemTime(T0 + 5_001);
    const stream = events.streamSince(1, Date.now(), stop.signal);
    const first = next(stream);
    events.receive(event(2));
    expect(idOf(await first)).toBe(2);
  });

  it('with other instances looks back the margin (their clocks, the NOTIFY delay), and no further', async () => {
    const events = relayedInstance();
    vi.setSystemTime(T0 + 10_000);
    events.publish(event(1));
    await Promise.resolve();
    vi.setSystemTime(T0 + 10_500);
    events.publish(event(2));
    await Promise.resolve();
    // Read on the other instance 2.3 s after the first arrived here: only the second is within the margin.
    const stream = events.streamSince(1, T0 + 10_000 + SINCE_MARGIN_MS + 300, stop.signal);
    expect(idOf(await next(stream))).toBe(2);
    events.publish(event(3));
    expect(idOf(await next(stream))).toBe(3);
  });

  it('sends each event once when one arrives while the missed ones are still being sent', async () => {
    const events = new UnitEvents();
    const since = Date.now();
    events.receive(event(1));
    events.receive(event(2));
    const stream = events.streamSince(1, since, stop.signal);
    // The stream is listening and has read the history; the second missed event is not sent yet.
    expect(idOf(await next(stream))).toBe(1);
    events.receive(event(3));
    expect(idOf(await next(stream))).toBe(2);
    expect(idOf(await next(stream))).toBe(3);
    events.receive(event(4));
    expect(idOf(await next(stream))).toBe(4);
  });

  it('tells the screen to reread the unit when the instance started after since (less the margin)', async () => {
    vi.setSystemTime(T0 + 60_000);
    const events = new UnitEvents();
    const stream = events.streamSince(1, T0 + 59_999, stop.signal);
    expect(await next(stream)).toEqual({
      unitId: 1,
      admissionId: null,
      kind: 'resync',
      at: new Date(T0 + 60_000).toISOString(),
    });
    events.receive(event(1));
    expect(idOf(await next(stream))).toBe(1);
    // At its start, it can answer.
    const fromStart = events.streamSince(1, T0 + 60_000, stop.signal);
    expect(idOf(await next(fromStart))).toBe(1);
  });

  it('tells it to reread once the events after since have been dropped, by age or by count', async () => {
    const byAge = new UnitEvents();
    const since = Date.now();
    byAge.receive(event(1));
    vi.setSystemTime(T0 + HISTORY_KEPT_MS + 1);
    byAge.receive(event(2));
    expect(idOf(await next(byAge.streamSince(1, since, stop.signal)))).toBe('resync');
    expect(idOf(await next(byAge.streamSince(1, since + 1, stop.signal)))).toBe(2);

    const byCount = new UnitEvents();
    const countSince = Date.now();
    for (let i = 0; i <= HISTORY_KEPT_COUNT; i++) byCount.receive(event(i, 2));
    expect(idOf(await next(byCount.streamSince(1, countSince, stop.signal)))).toBe('resync');
  });

  it('tells it to reread for any time before the instance began hearing the others', async () => {
    const events = new UnitEvents();
    vi.setSystemTime(T0 + 30_000);
    events.useRelay(async (message) => events.receive(message));
    const stream = events.streamSince(1, T0 + 30_000 + SINCE_MARGIN_MS - 1, stop.signal);
    expect(idOf(await next(stream))).toBe('resync');
  });

  it('stops listening when the screen goes away while the missed events are still being sent', async () => {
    const events = new UnitEvents();
    const since = Date.now();
    events.receive(event(1));
    events.receive(event(2));
    const emitter = (events as unknown as { emitter: EventEmitter }).emitter;
    const stream = events.streamSince(1, since, stop.signal);
    await next(stream);
    expect(emitter.listenerCount('unit:1')).toBe(1);
    await stream.return(undefined);
    expect(emitter.listenerCount('unit:1')).toBe(0);
  });
});

describe('UnitEvents.stream without since: as before', () => {
  it('sends only what arrives while it listens, never a resync', async () => {
    const events = new UnitEvents();
    const stop = new AbortController();
    events.receive(event(1));
    const stream = events.stream(1, stop.signal);
    const first = next(stream);
    events.receive(event(2));
    expect(await first).toEqual(expect.objectContaining({ admissionId: 2, kind: 'assessment' }));
    stop.abort();
    expect((await stream.next()).done).toBe(true);
  });
});
