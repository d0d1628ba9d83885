import { describe, expect, it } from 'vitest';
import { jsonTextGiven, textWithFields, withJsonText } from './json-text.js';

describe('the JSON text of a kept answer', () => {
  it('puts the fields of the read in front of the kept text, giving the JSON of the whole', () => {
    const kept = { course: 'short-acting', assessments: [{ id: 1, total: 7 }] };
    const moving = { hoursNow: 30.25, phaseNow: null, phaseLabel: 'Peak' };
    const text = textWithFields(JSON.stringify(kept), moving);
    expect(JSON.parse(text)).toEqual({ ...kept, ...moving });
    expect(JSON.parse(textWithFields('{}', moving))).toEqual(moving);
    expect(textWithFields(JSON.stringify(kept), {})).toBe(JSON.stringify(kept));
  });

  it('leaves out a field whose value JSON has no text for, as JSON.stringify does', () => {
    const text = textWithFields('{"a":1}', { skipped: undefined, b: 2 });
    expect(JSON.parse(text)).toEqual({ a: 1, b: 2 });
  });

  it('knows only the values given a text, and freezes them so a later change cannot go out stale', () => {
    const given = withJsonText({ a: 1 }, '{"a":1}');
    expect(jsonTextGiven(given)).toBe('{"a":1}');
    expect(jsonTextGiven({ a: 1 })).toBeUndefined();
    expect(jsonTextGiven(null)).toBeUndefined();
    expect(jsonTextGiven('text')).toBeUndefined();
    expect(() => {
      (given as { a: number }).a = 2;
    }).toThrow(TypeError);
  });
});
