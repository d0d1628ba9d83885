/**
 * The JSON text of an answer that a service already holds (issue 16): a kept timeline or board row
 * (kept-by-admission.ts) is served to many reads unchanged, so its text is made once, when it is
 * kept, instead of by JSON.stringify on every read; that was the largest single cost of a board or
 * timeline read after the database. http/json-calls.ts sends the text of an answer that has one.
 *
 * A value given a text is frozen (its top level), so a change to it after the fact fails loudly
 * instead of going out stale. The text must be what JSON.stringify would give, up to the order of
 * the keys; json-text.test.ts and the services' own tests hold them to it.
 */
const texts = new WeakMap<object, string>();

export function withJsonText<T extends object>(value: T, text: string): T {
  texts.set(Object.freeze(value), text);
  return value;
}

/** The text the value was given, if any. */
export function jsonTextGiven(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? texts.get(value) : undefined;
}

/**
 * The text of a kept value with `extra` fields added: the fields that change from one read to the
 * next (the time now) go in front of the kept text, which must not hold them.
 */
export function textWithFields(keptText: string, extra: Record<string, unknown>): string {
  const fields = JSON.stringify(extra).slice(1, -1);
  if (fields === '') return keptText;
  return keptText === '{}' ? `{${fields}}` : `{${fields},${keptText.slice(1)}`;
}
