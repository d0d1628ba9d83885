import fc from 'fast-check';

/**
 * Hostile and malformed values for the bad-input suite (tests/api/reliability-bad-input.test.ts), and
 * the machinery to corrupt a valid input at a path. Everything here is plain JSON-able data; a value
 * may carry a raw JSON token (1e999, -0, a 30-digit integer) that JSON.stringify cannot write, put in
 * by `toBody`.
 */

export type JsonPath = (string | number)[];

const RAW_OPEN = '\u0000raw:';
const RAW_CLOSE = '\u0000';
/** A raw JSON number token in a value: JSON.parse reads 1e999 as Infinity, -0 as -0, and so on. */
export const rawToken = (token: string): string => `${RAW_OPEN}${token}${RAW_CLOSE}`;
// JSON.stringify writes U+0000 as \u0000: find the quoted marker and put the bare token in its place.
const RAW_IN_JSON = /"\\u0000raw:([-+.0-9eE]+)\\u0000"/g;

/** The request body: the value as JSON, raw tokens unquoted. */
export function toBody(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return '';
  return json.includes('\\u0000raw:') ? json.replace(RAW_IN_JSON, '$1') : json;
}

/** An object with its own keys exactly as given, `__proto__` included (as JSON.parse makes it). */
export function ownKeys(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'hasOwnProperty',
  'toString',
  'valueOf',
] as const;

export const hostileStrings = fc.constantFrom(
  '',
  ' ',
  '\t\r\n',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '0x1F',
  '1_000',
  '٣',
  '１２',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '<script>alert(1)</script>',
  "'; drop table assessment; --",
  '" or 1=1 --',
  '../../../etc/passwd',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u202d',
  '\ufeff',
  '😀👩‍⚕️',
  'Ω≈ç√∫',
  '%00%ff',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
);

// Code points drawn directly: fast-check's built-in "binary" and "grapheme" units build a reverse
// table of all of Unicode the first time a value is shrunk, about 2 s of CPU.
const anyCodePoint = fc
  .oneof(
    fc.integer({ min: 0, max: 0x7f }),
    fc.integer({ min: 0x80, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0x10ffff }),
  )
  .map((cp) => String.fromCodePoint(cp));

export const unicodeStrings = fc.oneof(
  fc.string({ unit: anyCodePoint, maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('\ud800', '\udc00', '\u0000', '\u202e', '\ufeff', '\u0301', '👩‍⚕️', 'é', 'a', '"', '\\'),
    maxLength: 12,
  }),
);

/** Strings over any field limit; now and then a body over the 1 MB limit (a 413). Sized in JSON bytes. */
export const hugeStrings = fc
  .tuple(
    fc.constantFrom('x', 'é', '😀', '\u0000', '"', '\\', 'ab\ud800'),
    fc.oneof(
      { weight: 30, arbitrary: fc.integer({ min: 2_001, max: 12_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 1_100_000, max: 1_200_000 }) },
    ),
  )
  .map(([unit, bytes]) =>
    unit.repeat(Math.max(1, Math.ceil(bytes / Buffer.byteLength(JSON.stringify(unit).slice(1, -1))))),
  );

export const hostileNumbers = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    -999_999,
    0.5,
    1.5,
    2 ** 31,
    2 ** 31 - 0.5,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e-300,
    5001,
    1e21,
  ),
  fc.double(),
  fc.integer(),
);

/** Numbers JSON.stringify cannot write (it turns NaN and Infinity into null): sent as raw tokens. */
export const rawNumbers = fc
  .constantFrom(
    '1e999',
    '-1e999',
    '1E400',
    '-0',
    '-0.0',
    '1e-400',
    '123456789012345678901234567890',
    '1.0',
    '1e2',
    '4.000000000000000000001',
    '-1e-7',
  )
  .map(rawToken);

const leaves = fc.oneof(
  { weight: 3, arbitrary: hostileStrings },
  { weight: 2, arbitrary: unicodeStrings },
  { weight: 3, arbitrary: hostileNumbers },
  { weight: 2, arbitrary: rawNumbers },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [[]], [null], { '': null }) },
);

/** Objects whose keys are prototype-pollution bait. */
export const protoObjects = fc
  .tuple(
    fc.constantFrom(...PROTO_KEYS),
    fc.oneof(leaves, fc.constant<unknown>({ isAdmin: true, role: 'admin', polluted: 1 })),
  )
  .map(([key, value]) =>
    ownKeys([
      [key, value],
      ...(key === 'constructor' ? ([['prototype', { polluted: true }]] as [string, unknown][]) : []),
    ]),
  );

export const nestedJunk = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constant(nest(60)) },
  { weight: 2, arbitrary: protoObjects },
);

function nest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Any hostile value. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: leaves },
  { weight: 2, arbitrary: nestedJunk },
  { weight: 1, arbitrary: hugeStrings },
);

export const badIds = fc.oneof(
  fc.constantFrom<unknown>(
    0,
    -1,
    -2_147_483_648,
    1.5,
    '1',
    '42',
    ' 7',
    null,
    true,
    [1],
    { id: 1 },
    2 ** 53 + 2,
    1e21,
    'NaN',
  ),
  fc.integer({ max: 0 }),
  rawNumbers,
);

export const badInstants = fc.oneof(
  fc.constantFrom<unknown>(
    '2026-02-30T10:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-22',
    '2026-11-22T03:00:00',
    '2026-11-22 03:00:00Z',
    '2026-11-22T24:00:00Z',
    '2026-11-22T03:00:61Z',
    '2026-11-22T03:00:00+25:00',
    'yesterday',
    'now',
    '0000-00-00T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00:00Z',
    '',
    1_764_000_000_000,
  ),
  // In the future, beyond the five minutes allowed for clock drift.
  fc.integer({ min: 10, max: 10_000_000 }).map((minutes) => new Date(Date.now() + minutes * 60_000).toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '')),
);

export const badDrugs = fc.constantFrom<unknown>(
  'oxycodone',
  'fentanyl',
  'heroin',
  'Methadone',
  'METHADONE',
  ' methadone',
  'methadone\u0000',
  'buprenorphine naloxone',
  'acetaminophen;',
  '',
);

/** An item map with at least one value an instrument does not allow, or a key it does not have. */
export const COWS_KEYS = [
  'pulse',
  'sweating',
  'restlessness',
  'pupils',
  'boneJointAches',
  'runnyNoseTearing',
  'giUpset',
  'tremor',
  'yawning',
  'anxietyIrritability',
  'gooseflesh',
];
export const badItemValues = fc.constantFrom<unknown>(-1, 3, 6, 99, 1.5, '2', null, true, [], {}, 1e308);

/** Hostile values that suit a field by its name (ids, times, drugs, items), or any hostile value. */
export function junkFor(key: string | number | undefined): fc.Arbitrary<unknown> {
  const name = String(key ?? '');
  if (/Id$|^id$/.test(name)) return fc.oneof({ weight: 3, arbitrary: badIds }, { weight: 1, arbitrary: junk });
  if (/At$|Date$|^shiftStart$|^from$|^to$/.test(name))
    return fc.oneof({ weight: 3, arbitrary: badInstants }, { weight: 1, arbitrary: junk });
  if (name === 'drug') return fc.oneof({ weight: 3, arbitrary: badDrugs }, { weight: 1, arbitrary: junk });
  if (/Mg$|^day$|^heartRate$|^systolic$|^diastolic$|^temperatureC$|^respiratoryRate$|^spo2$/.test(name)) {
    return fc.oneof(
      { weight: 2, arbitrary: hostileNumbers },
      { weight: 2, arbitrary: rawNumbers },
      { weight: 1, arbitrary: junk },
    );
  }
  return junk;
}

// -------------------------------------------------------------------------------------------------
// Paths into a JSON value.

export function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const paths: JsonPath[] = [];
  if (Array.isArray(value)) {
    value.forEach((child, i) => {
      paths.push([...prefix, i], ...pathsOf(child, [...prefix, i]));
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) paths.push([...prefix, key], ...pathsOf(child, [...prefix, key]));
  }
  return paths;
}

function parentOf(root: unknown, path: JsonPath): Record<string | number, unknown> | null {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return null;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>) : null;
}

export function setAt(root: unknown, path: JsonPath, value: unknown): void {
  const parent = parentOf(root, path);
  const key = path.at(-1);
  if (parent && key !== undefined)
    Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

export function deleteAt(root: unknown, path: JsonPath): void {
  const parent = parentOf(root, path);
  const key = path.at(-1);
  if (!parent || key === undefined) return;
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else delete parent[key];
}

// -------------------------------------------------------------------------------------------------
// Cases: a mutation's valid input (or its schema's field names) corrupted until the schema refuses it.

/** The server's body limit (server/src/app.ts, MAX_BODY_BYTES): a larger body is a 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A zod schema, as far as this module needs one (tests/ does not depend on zod). */
export interface Parser {
  safeParse(value: unknown): { success: boolean };
  shape?: Record<string, Parser>;
}
/** Would the server's input parsing accept this body? (Parsed as the server parses it.) */
export function acceptedBySchema(parsers: Parser[], body: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return false;
  }
  try {
    return parsers.every((p) => p.safeParse(value).success);
  } catch {
    // A schema that cannot be checked synchronously (an async refinement): treat as accepted, so not sent.
    return true;
  }
}

export interface Case {
  mutation: string;
  roleIndex: number;
  body: string;
  /** 400 (schema), 413 (body over 1 MB) or 404 (valid, but the ids do not exist). */
  expected: 400 | 404 | 413;
  what: string;
}

/** A case as fast-check prints a counterexample: the body cut short (it can be a megabyte). */
function printable(c: Case): Case {
  const body = c.body.length > 400 ? `${c.body.slice(0, 400)}… (${c.body.length} characters)` : c.body;
  return Object.assign(c, { [fc.toStringMethod]: () => `${c.mutation} [${c.what}] expects ${c.expected}: ${body}` });
}

/** A deep copy of objects and arrays (strings, however long, are shared: they cannot change). */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value === null || typeof value !== 'object') return value;
  return ownKeys(Object.entries(value).map(([key, child]) => [key, clone(child)])) as T;
}

type Op =
  | { kind: 'drop'; path: JsonPath }
  | { kind: 'set'; path: JsonPath; value: unknown }
  | { kind: 'whole'; value: unknown }
  | { kind: 'items'; key: string; value: unknown };

export function caseArbitrary(name: string, parsers: Parser[], base: unknown | undefined): fc.Arbitrary<Case> {
  const shape = parsers[0]?.shape ?? {};
  // Without a template: every field of the schema, holding null, as the base to corrupt.
  const start = base ?? Object.fromEntries(Object.keys(shape).map((key) => [key, null]));
  const paths = pathsOf(start);
  const required = Object.entries(shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([key]) => [key] as JsonPath);
  const hasItems = paths.some((p) => p.at(-1) === 'items');

  const ops: fc.Arbitrary<Op>[] = [fc.record({ kind: fc.constant('whole' as const), value: junk })];
  if (paths.length > 0) {
    ops.push(
      fc
        .constantFrom(...paths)
        .chain((path) =>
          fc.record({ kind: fc.constant('set' as const), path: fc.constant(path), value: junkFor(path.at(-1)) }),
        ),
      fc.record({
        kind: fc.constant('drop' as const),
        path: fc.constantFrom(...(required.length > 0 ? required : paths)),
      }),
    );
  }
  if (hasItems)
    ops.push(
      fc.record({
        kind: fc.constant('items' as const),
        key: fc.constantFrom(...COWS_KEYS, 'hiccups', 'Pulse', '__proto__', ''),
        value: badItemValues,
      }),
    );
  const op = fc.oneof(...ops.map((arbitrary, i) => ({ weight: i === 0 ? 1 : 4, arbitrary })));
  const extra = fc.option(fc.oneof(protoObjects, fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 2 })), {
    freq: 3,
  });

  const invalid = fc
    .record({ ops: fc.array(op, { minLength: 1, maxLength: 3 }), extra, roleIndex: fc.nat(), where: fc.nat() })
    .map(({ ops: chosen, extra: added, roleIndex, where }): Case | null => {
      let root: unknown = clone(start);
      // Generated values are cloned before use: fast-check hands out the same object for a constant,
      // and the corruptions below write into what they were given.
      for (const o of chosen) {
        if (o.kind === 'whole') root = clone(o.value);
        else if (o.kind === 'drop') deleteAt(root, o.path);
        else if (o.kind === 'set') setAt(root, o.path, clone(o.value));
        else {
          const itemsPath = pathsOf(root).find((p) => p.at(-1) === 'items');
          if (itemsPath) setAt(root, [...itemsPath, o.key], clone(o.value));
        }
      }
      if (added && root !== null && typeof root === 'object' && !Array.isArray(root)) {
        // Extra keys at the top or inside a nested object.
        const objects = [[] as JsonPath, ...pathsOf(root)].filter((p) => {
          let node: unknown = root;
          for (const k of p) node = (node as Record<string | number, unknown>)[k];
          return node !== null && typeof node === 'object' && !Array.isArray(node);
        });
        const at = objects[where % objects.length] ?? [];
        // Object.entries lists an own "__proto__" key too.
        for (const [key, value] of Object.entries(added)) setAt(root, [...at, key], clone(value));
      }
      const body = toBody(root);
      if (body === '' || acceptedBySchema(parsers, body)) return null;
      const expected = Buffer.byteLength(body) > MAX_BODY_BYTES ? 413 : 400;
      return printable({
        mutation: name,
        roleIndex,
        body,
        expected,
        what: chosen
          .map((o) => ('path' in o ? `${o.kind} ${o.path.join('.')}` : o.kind === 'items' ? `item ${o.key}` : o.kind))
          .join(', '),
      });
    });

  const arbitraries: fc.Arbitrary<Case | null>[] = [invalid];
  // Valid inputs naming ids that do not exist: the service must refuse them (404) and write nothing.
  const idKeys = base && typeof base === 'object' ? Object.keys(base).filter((k) => /Id$/.test(k)) : [];
  if (idKeys.length > 0) {
    const dangling = fc
      .record({ id: fc.integer({ min: 10_000_000, max: 2 ** 31 - 1 }), roleIndex: fc.nat() })
      .map(({ id, roleIndex }): Case | null => {
        const value = clone(base) as Record<string, unknown>;
        for (const key of idKeys) value[key] = id;
        const body = toBody(value);
        return acceptedBySchema(parsers, body)
          ? printable({ mutation: name, roleIndex, body, expected: 404, what: `dangling ${idKeys.join(', ')}` })
          : null;
      });
    arbitraries.push(dangling);
  }
  return fc
    .oneof(...arbitraries.map((arbitrary, i) => ({ weight: i === 0 ? 19 : 1, arbitrary })))
    .filter((c): c is Case => c !== null);
}
