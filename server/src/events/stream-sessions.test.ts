import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamSessions } from './stream-sessions.js';

describe('the open event streams’ sessions, checked together', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks once for every watched session and ends only the streams whose session ended', async () => {
    const asked: string[][] = [];
    const sessions = new StreamSessions(async (ids) => {
      asked.push(ids);
      return new Set(['alive']);
    });
    const ended: string[] = [];
    sessions.watch('alive', () => ended.push('alive, first stream'));
    sessions.watch('alive', () => ended.push('alive, second stream'));
    sessions.watch('idle', () => ended.push('idle'));
    await sessions.checkAll();
    expect(asked).toEqual([['alive', 'idle']]);
    expect(ended).toEqual(['idle']);
  });

  it('leaves every stream open when the check itself fails, and tries again at the next interval', async () => {
    vi.useFakeTimers();
    let fail = true;
    const liveSessions = vi.fn(async () => {
      if (fail) throw new Error('database unreachable');
      return new Set<string>();
    });
    const sessions = new StreamSessions(liveSessions, 5_000);
    const onEnd = vi.fn();
    sessions.watch('s1', onEnd);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(liveSessions).toHaveBeenCalledTimes(1);
    expect(onEnd).not.toHaveBeenCalled();
    fail = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('does not tell a stream that went away during the check, and stops checking once none is watched', async () => {
    vi.useFakeTimers();
    let answer: (live: Set<string>) => void = () => undefined;
    const liveSessions = vi.fn(() => new Promise<Set<string>>((resolve) => (answer = resolve)));
    const sessions = new StreamSessions(liveSessions, 5_000);
    const onEnd = vi.fn();
    const unwatch = sessions.watch('s1', onEnd);
    await vi.advanceTimersByTimeAsync(5_000);
    unwatch();
    answer(new Set());
    await vi.advanceTimersByTimeAsync(0);
    expect(onEnd).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(liveSessions).toHaveBeenCalledTimes(1);
  });
});
