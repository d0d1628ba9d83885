import { describe, expect, it } from 'vitest';
import { ReadAuditBatch } from './read-audit-batch.js';

/** A write the test finishes by hand, recording what each call was given. */
function heldWrites() {
  const calls: number[][] = [];
  const finish: (() => void)[] = [];
  const fail: ((e: Error) => void)[] = [];
  const write = (rows: number[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push(rows);
      finish.push(resolve);
      fail.push(reject);
    });
  return { calls, finish, fail, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadAuditBatch', () => {
  it('writes the reads of one turn in one call, and answers each only once that write is done', async () => {
    const w = heldWrites();
    const batch = new ReadAuditBatch(w.write);
    let answered = 0;
    const reads = [1, 2, 3].map((n) => batch.add(n).then(() => answered++));
    await turn();
    expect(w.calls).toEqual([[1, 2, 3]]);
    expect(answered).toBe(0);
    w.finish[0]?.();
    await Promise.all(reads);
    expect(answered).toBe(3);
  });

  it('gathers the reads that arrive during a write into the next one', async () => {
    const w = heldWrites();
    const batch = new ReadAuditBatch(w.write);
    const first = batch.add(1);
    await turn();
    const later = [batch.add(2), batch.add(3)];
    await turn();
    expect(w.calls).toEqual([[1]]);
    w.finish[0]?.();
    await first;
    await turn();
    expect(w.calls).toEqual([[1], [2, 3]]);
    w.finish[1]?.();
    await Promise.all(later);
  });

  it('fails only the reads of the write that failed, and keeps writing the next ones', async () => {
    const w = heldWrites();
    const batch = new ReadAuditBatch(w.write);
    const failing = batch.add(1);
    await turn();
    const next = batch.add(2);
    w.fail[0]?.(new Error('disk full'));
    await expect(failing).rejects.toThrow('disk full');
    await turn();
    expect(w.calls).toEqual([[1], [2]]);
    w.finish[1]?.();
    await expect(next).resolves.toBeUndefined();
  });

  it('splits a large batch at maxRows', async () => {
    const w = heldWrites();
    const batch = new ReadAuditBatch(w.write, 2);
    const reads = [1, 2, 3, 4, 5].map((n) => batch.add(n));
    await turn();
    expect(w.calls).toEqual([[1, 2]]);
    w.finish[0]?.();
    await turn();
    w.finish[1]?.();
    await turn();
    w.finish[2]?.();
    await Promise.all(reads);
    expect(w.calls).toEqual([[1, 2], [3, 4], [5]]);
  });
});
