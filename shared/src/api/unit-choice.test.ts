import { describe, expect, it } from 'vitest';
import { unitChosenOf } from './unit-choice.js';

describe('unitChosenOf: the unit a device works on', () => {
  const units = [{ id: 3 }, { id: 7 }];

  it('is the chosen unit when the user may see it, as stored (a string) or as a number', () => {
    expect(unitChosenOf(units, '7')).toEqual({ id: 7 });
    expect(unitChosenOf(units, 7)).toEqual({ id: 7 });
  });

  it('is the first unit when nothing was chosen, the choice is not one of theirs, or is not a number', () => {
    for (const chosen of [null, undefined, '', '12', 'abc', 0]) expect(unitChosenOf(units, chosen)).toEqual({ id: 3 });
  });

  it('is nothing for a user with no units', () => {
    expect(unitChosenOf([], '3')).toBeUndefined();
  });
});
