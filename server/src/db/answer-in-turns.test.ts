import { describe, expect, it } from 'vitest';
import { answerInTurns } from './answer-in-turns.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

function waiters(n: number, answered: number[], from = 0) {
  return Array.from({ length: n }, (_, i) => ({ resolve: () => answered.push(from + i) }));
}

describe('answerInTurns', () => {
  it('answers eight a turn, in order, across every batch handed to it', async () => {
    const answered: number[] = [];
    answerInTurns(waiters(6, answered));
    answerInTurns(waiters(6, answered, 100));
    expect(answered).toEqual([]);
    // The next turn: the first batch and two of the second; the rest a turn later.
    await turn();
    expect(answered).toEqual([0, 1, 2, 3, 4, 5, 100, 101]);
    await turn();
    expect(answered).toEqual([0, 1, 2, 3, 4, 5, 100, 101, 102, 103, 104, 105]);
  });

  it('answers everyone under steady load (a line that never empties)', async () => {
    const answered: number[] = [];
    for (let round = 0; round < 300; round++) {
      answerInTurns(waiters(10, answered, round * 10));
      await turn();
    }
    for (let i = 0; i < 400; i++) await turn();
    expect(answered).toHaveLength(3000);
    expect(answered).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });
});
