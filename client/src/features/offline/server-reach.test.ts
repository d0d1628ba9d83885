import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answeredByServer, createServerReach } from './server-reach.js';

/** A probe whose answers the test sets: true (the server answered), false (no answer) or a throw. */
function scriptedProbe(answers: (boolean | Error)[]) {
  const probe = vi.fn(async () => {
    const answer = answers.shift() ?? false;
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return probe;
}

describe('the server’s reach from a page that opened without an answer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is reachable until a start gets no answer, and asks nothing meanwhile', async () => {
    const probe = scriptedProbe([]);
    const reach = createServerReach({ probe, everyMs: 10_000 });
    expect(reach.unreachable()).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    await reach.probeNow();
    expect(probe).not.toHaveBeenCalled();
  });

  it('probes every interval until the server answers, then stops and reads again once', async () => {
    const probe = scriptedProbe([false, new Error('Failed to fetch'), true]);
    const reach = createServerReach({ probe, everyMs: 10_000 });
    const changes = vi.fn();
    reach.subscribe(changes);
    const whenBack = vi.fn();
    reach.lost(whenBack);
    expect(reach.unreachable()).toBe(true);
    expect(changes).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(9_999);
    expect(probe).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(reach.unreachable()).toBe(true);
    // A probe that throws is no answer either.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reach.unreachable()).toBe(true);
    expect(whenBack).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(10_000);
    expect(probe).toHaveBeenCalledTimes(3);
    expect(reach.unreachable()).toBe(false);
    expect(changes).toHaveBeenCalledTimes(2);
    expect(whenBack).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(probe).toHaveBeenCalledTimes(3);
    expect(whenBack).toHaveBeenCalledTimes(1);
  });

  it('probes at once when the browser says it is online again', async () => {
    const probe = scriptedProbe([true]);
    let browserOnline: (() => void) | undefined;
    const unlisten = vi.fn();
    const reach = createServerReach({
      probe,
      everyMs: 10_000,
      onBrowserOnline(listener) {
        browserOnline = listener;
        return unlisten;
      },
    });
    reach.lost();
    browserOnline?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(reach.unreachable()).toBe(false);
    expect(unlisten).toHaveBeenCalledTimes(1);
  });

  it('runs one probe at a time, and a second loss while lost starts no second timer', async () => {
    let answer: (value: boolean) => void = () => undefined;
    const probe = vi.fn(() => new Promise<boolean>((resolve) => (answer = resolve)));
    const reach = createServerReach({ probe, everyMs: 10_000 });
    const first = vi.fn();
    const second = vi.fn();
    reach.lost(first);
    reach.lost(second);
    const pending = reach.probeNow();
    await reach.probeNow();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(probe).toHaveBeenCalledTimes(1);
    answer(true);
    await pending;
    expect(reach.unreachable()).toBe(false);
    // Both asked to hear of the return: each hears once.
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('a listener that unsubscribed hears nothing more', () => {
    const reach = createServerReach({ probe: scriptedProbe([]), everyMs: 10_000 });
    const changes = vi.fn();
    const unsubscribe = reach.subscribe(changes);
    unsubscribe();
    reach.lost();
    expect(changes).not.toHaveBeenCalled();
  });
});

describe('what counts as the server answering a probe', () => {
  const answer = (status: number, contentType: string | null) => ({
    status,
    headers: { get: (name: string) => (name === 'content-type' ? contentType : null) },
  });

  it('its own JSON answer, logged in or not', () => {
    expect(answeredByServer(answer(200, 'application/json'))).toBe(true);
    expect(answeredByServer(answer(200, 'application/json; charset=utf-8'))).toBe(true);
  });
  it('not a gateway’s error, nor the server saying it is overloaded or stopping', () => {
    for (const status of [408, 429, 500, 502, 503, 504])
      expect(answeredByServer(answer(status, 'application/json'))).toBe(false);
    expect(answeredByServer(answer(502, 'text/html'))).toBe(false);
  });
  it('not a captive portal’s page, though it comes with a 200', () => {
    expect(answeredByServer(answer(200, 'text/html; charset=utf-8'))).toBe(false);
    expect(answeredByServer(answer(200, null))).toBe(false);
  });
});
