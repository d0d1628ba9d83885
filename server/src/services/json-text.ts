/**
 * The JSON text of an answer that a service already holds (issue 16): a kept timeline or board row
 * (kept-by-admission.ts) is served to many reads unchanged, so its text is made once, when it is
 * kept, instead of by JSON.stringify on every read; that was the largest single cost of a board or
 * timeline read after the database. http/json-calls.ts sends the text of an answer that has one.
 *
 * The text is held as its UTF-8 bytes. An answer put together from kept texts (a board from its
 * rows, a timeline with its "now" in front) is then one copy of bytes outside V8's heap. As strings,
 * every read made the whole answer about four times on the heap: joined, concatenated, flattened
 * to measure its length, and encoded for the socket. On the hospital bench that was a sixth of
 * everything the server allocated.
 *
 * A value given a text is frozen (its top level), so a change to it after the fact fails loudly
 * instead of going out stale. The text must be what JSON.stringify would give, up to the order of
 * the keys; json-text.test.ts and the services' own tests hold them to it.
 */
const texts = new WeakMap<object, Buffer>();

export function withJsonText<T extends object>(value: T, text: string | Buffer): T {
  texts.set(Object.freeze(value), typeof text === 'string' ? Buffer.from(text) : text);
  return value;
}

/** The text the value was given, if any, as UTF-8. */
export function jsonTextGiven(value: unknown): Buffer | undefined {
  return typeof value === 'object' && value !== null ? texts.get(value) : undefined;
}

/**
 * The text of a kept value with `extra` fields added: the fields that change from one read to the
 * next (the time now) go in front of the kept text, which must not hold them.
 */
export function textWithFields(keptText: Buffer, extra: Record<string, unknown>): Buffer {
  const fields = JSON.stringify(extra).slice(1, -1);
  if (fields === '') return keptText;
  // `{}` is the only object text two bytes long.
  if (keptText.length === 2) return Buffer.from(`{${fields}}`);
  return Buffer.concat([Buffer.from(`{${fields},`), keptText.subarray(1)]);
}

/** The JSON array of the given texts, in one copy. */
export function jsonArrayOf(items: readonly Buffer[], open = ARRAY_OPEN, close = ARRAY_CLOSE): Buffer {
  const pieces: Buffer[] = [open];
  for (const [i, item] of items.entries()) {
    if (i > 0) pieces.push(COMMA);
    pieces.push(item);
  }
  pieces.push(close);
  return Buffer.concat(pieces);
}

const ARRAY_OPEN = Buffer.from('[');
const ARRAY_CLOSE = Buffer.from(']');
const COMMA = Buffer.from(',');
