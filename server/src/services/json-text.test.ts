import { describe, expect, it } from 'vitest';
import { jsonArrayOf, jsonTextGiven, textWithFields, withJsonText } from './json-text.js';

const bytes = (text: string) => Buffer.from(text);
const parsed = (text: Buffer) => JSON.parse(text.toString('utf8'));

describe('the JSON text of a kept answer', () => {
  it('puts the fields of the read in front of the kept text, giving the JSON of the whole', () => {
    const kept = { course: 'short-acting', assessments: [{ id: 1, total: 7 }] };
    const moving = { hoursNow: 30.25, phaseNow: null, phaseLabel: 'Peak' };
    const text = textWithFields(bytes(JSON.stringify(kept)), moving);
    expect(parsed(text)).toEqual({ ...kept, ...moving });
    expect(parsed(textWithFields(bytes('{}'), moving))).toEqual(moving);
    expect(textWithFields(bytes(JSON.stringify(kept)), {}).toString()).toBe(JSON.stringify(kept));
  });

  it('leaves out a field whose value JSON has no text for, as JSON.stringify does', () => {
    const text = textWithFields(bytes('{"a":1}'), { skipped: undefined, b: 2 });
    expect(parsed(text)).toEqual({ a: 1, b: 2 });
  });

  it('keeps text beyond ASCII whole, in the kept text and in the fields put in front', () => {
    const kept = { message: 'Pulse ≥ 110 – reassess in 30 min', dose: '0.1 mg · PRN' };
    const moving = { phaseLabel: 'Peak — day 2' };
    expect(parsed(textWithFields(bytes(JSON.stringify(kept)), moving))).toEqual({ ...kept, ...moving });
    expect(jsonTextGiven(withJsonText({ ...kept }, JSON.stringify(kept)))?.toString('utf8')).toBe(JSON.stringify(kept));
  });

  it('makes the JSON array of several texts, with or without an enclosing object', () => {
    const rows = [{ bed: '1', note: 'é' }, { bed: '2' }, { bed: '3' }];
    expect(parsed(jsonArrayOf(rows.map((row) => bytes(JSON.stringify(row)))))).toEqual(rows);
    expect(jsonArrayOf([]).toString()).toBe('[]');
    expect(jsonArrayOf([bytes('1')]).toString()).toBe('[1]');
    const board = jsonArrayOf(
      rows.map((row) => bytes(JSON.stringify(row))),
      bytes('{"rows":['),
      bytes('],"unit":"North"}'),
    );
    expect(parsed(board)).toEqual({ rows, unit: 'North' });
  });

  it('knows only the values given a text, and freezes them so a later change cannot go out stale', () => {
    const given = withJsonText({ a: 1 }, '{"a":1}');
    expect(jsonTextGiven(given)?.toString()).toBe('{"a":1}');
    const givenBytes = withJsonText({ b: 2 }, bytes('{"b":2}'));
    expect(jsonTextGiven(givenBytes)?.toString()).toBe('{"b":2}');
    expect(jsonTextGiven({ a: 1 })).toBeUndefined();
    expect(jsonTextGiven(null)).toBeUndefined();
    expect(jsonTextGiven('text')).toBeUndefined();
    expect(() => {
      (given as { a: number }).a = 2;
    }).toThrow(TypeError);
  });
});
