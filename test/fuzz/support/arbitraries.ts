import fc from 'fast-check';
import { RawJson, jsonable } from './json-text.js';

// ---------------------------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------------------------

const SQL_STRINGS = [
  "' OR 1=1 --",
  '"; DROP TABLE orders; --',
  "'; DROP TABLE orders; --",
  "1' UNION SELECT id, customer_email FROM orders --",
  'SELECT * FROM orders WHERE 1=1',
  "\\'; SELECT pg_sleep(5); --",
  '%27%20OR%201%3D1',
  '$1',
  '?',
] as const;

const HTML_STRINGS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '<!--',
  ']]>',
  '&lt;&amp;',
] as const;

const UNICODE_STRINGS = [
  'שלום עולם', // RTL
  'مرحبا بالعالم',
  '\u202Egnp.exe', // right-to-left override
  '😀👍🏽👨‍👩‍👧‍👦🇫🇷',
  'e\u0301', // combining accent
  'é',
  '\u0000',
  'a\u0000b',
  '\uFEFFbom',
  '\u200B',
  '\uD800', // a lone surrogate
  '\uDC00x',
  'ＡＢＣ', // full width
  'İı', // case mapping changes length
  'ß',
  '\u0007\u0008\u001B[31m',
  '\r\n\r\n',
  '\u2028\u2029',
  '𝕳𝖊𝖑𝖑𝖔',
] as const;

const NUMERIC_STRINGS = [
  '0',
  '1',
  '-1',
  '1.5',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '9007199254740993',
  '0x10',
  '1_000',
  ' 2 ',
  '١٢',
  'null',
  'true',
  'undefined',
] as const;

const blankStrings = fc.constantFrom('', ' ', '   ', '\t', '\n', '\r\n', '\u00A0', '\u3000', '\u200B');

/** Strings of 10k..200k characters; in a JSON body some stay under 1 MiB and some go over (NUL is 6 bytes). */
const hugeString = fc
  .record({
    length: fc.integer({ min: 10_000, max: 200_000 }),
    unit: fc.constantFrom('a', 'é', '😀', '\u0000', '<', "'", ' ', 'ש', '\\'),
  })
  .map(({ length, unit }) => unit.repeat(length));

/** Strings just below, at and above the bounds of SPEC §3 (64, 254, 255, 500), in one- and two-unit characters. */
const boundaryString = fc
  .record({
    length: fc.constantFrom(1, 2, 3, 63, 64, 65, 253, 254, 255, 256, 499, 500, 501, 1000),
    unit: fc.constantFrom('a', 'Z', '9', 'é', '😀', ' ', '-', '.'),
  })
  .map(({ length, unit }) => unit.repeat(length));

/** Strings a careless service chokes on. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: blankStrings },
  {
    weight: 4,
    arbitrary: fc.constantFrom<string>(...SQL_STRINGS, ...HTML_STRINGS, ...UNICODE_STRINGS, ...NUMERIC_STRINGS),
  },
  { weight: 4, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: boundaryString },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom<string>(...SQL_STRINGS, ...HTML_STRINGS, ...UNICODE_STRINGS, 'a', ' '), { maxLength: 6 })
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: hugeString },
);

// ---------------------------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------------------------

/** Numbers outside, at and inside the bounds, fractions, huge magnitudes, and numbers sent as strings. */
export const nastyNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.integer({ min: -10, max: 10_010 }),
  fc.double().map((value) => (Number.isFinite(value) ? value : String(value))),
  fc.constantFrom(
    -1,
    0,
    -0,
    0.5,
    1.5,
    1e-7,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    1e21,
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    999_999_999,
    1_000_000_000,
    1_000_000_001,
    10_000,
    10_001,
  ),
  fc.constantFrom<string>(...NUMERIC_STRINGS),
  fc.integer({ min: -5, max: 20_000 }).map(String),
);

/** Number literals only JSON text can carry. */
const rawNumberLiteral = fc
  .constantFrom(
    '1e400',
    '-1e400',
    '-0',
    '1.0',
    '2.00000000000000001',
    '1E2',
    '100000000000000000000000000000001',
    '1e-400',
    '0.1e1',
    '10000.0000000000001',
    '9007199254740993',
  )
  .map((text) => new RawJson(text));

/** JSON text nested thousands of levels deep. */
export const deepJson = fc
  .record({ depth: fc.integer({ min: 1, max: 30_000 }), kind: fc.constantFrom('array', 'object', 'mixed') })
  .map(({ depth, kind }) => {
    if (kind === 'array') return new RawJson(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
    if (kind === 'object') return new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    return new RawJson(`${'[{"a":'.repeat(depth)}1${'}]'.repeat(depth)}`);
  });

/** Any JSON value, from fc.jsonValue or fc.anything made JSON-able. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3, withObjectString: true, withNullPrototype: true }).map((value) => jsonable(value)),
);

/** A value for a field that expects a scalar: every kind of wrong thing. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  { weight: 4, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: anyJson },
  { weight: 1, arbitrary: rawNumberLiteral },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [[]], [{}], { $gt: '' }, { $ne: null }, ['a', 'b']) },
);

// ---------------------------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------------------------

export interface OrderBody {
  customerId?: unknown;
  customerEmail?: unknown;
  items?: unknown;
  currency?: unknown;
  [extra: string]: unknown;
}

const validSku = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/);

const validEmail = fc.oneof(
  fc.constantFrom('ada@example.com', 'grace.hopper+orders@navy.mil.example', "o'brien@example.co.uk", 'x@y.io'),
  fc.emailAddress({ size: 'small' }),
);

const validCustomerId = fc.oneof(
  fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((value) => value.trim().length > 0),
);

/** An order SPEC §3 accepts, but for a total of 0 when every unit price is 0. */
export const validOrderBody: fc.Arbitrary<OrderBody> = fc.record(
  {
    customerId: validCustomerId,
    customerEmail: validEmail,
    items: fc.uniqueArray(
      fc.record({
        sku: validSku,
        quantity: fc.integer({ min: 1, max: 10_000 }),
        unitPrice: fc.integer({ min: 0, max: 100_000 }),
      }),
      { selector: (item) => item.sku, minLength: 1, maxLength: 4 },
    ),
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'GBP', 'CHF'),
  },
  { requiredKeys: ['customerId', 'customerEmail', 'items'] },
);

export type FieldPath =
  | 'customerId'
  | 'customerEmail'
  | 'items'
  | 'currency'
  | 'items/0'
  | 'items/0/sku'
  | 'items/0/quantity'
  | 'items/0/unitPrice';

const FIELD_PATHS: readonly FieldPath[] = [
  'customerId',
  'customerEmail',
  'items',
  'currency',
  'items/0',
  'items/0/sku',
  'items/0/quantity',
  'items/0/unitPrice',
];

export type Mutation =
  | { readonly kind: 'replace'; readonly path: FieldPath; readonly value: unknown }
  | { readonly kind: 'delete'; readonly path: FieldPath }
  | { readonly kind: 'extra'; readonly where: 'root' | 'item'; readonly key: string; readonly value: unknown }
  | { readonly kind: 'wrap'; readonly path: FieldPath; readonly as: 'array' | 'object' }
  | { readonly kind: 'many-items'; readonly count: number }
  | { readonly kind: 'duplicate-sku' };

const extraKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'id',
    'total',
    'status',
    'version',
    'createdAt',
    'toString',
    '',
  ),
  fc.string({ maxLength: 12 }),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      path: fc.constantFrom(...FIELD_PATHS),
      value: nastyValue,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...FIELD_PATHS) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      where: fc.constantFrom('root' as const, 'item' as const),
      key: extraKey,
      value: nastyValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('wrap' as const),
      path: fc.constantFrom(...FIELD_PATHS),
      as: fc.constantFrom('array' as const, 'object' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('many-items' as const),
      count: fc.constantFrom(0, 99, 100, 101, 1000, 5000),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate-sku' as const }) },
);

function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value: fresh(value), enumerable: true, configurable: true, writable: true });
}

/**
 * A deep copy of a generated value, RawJson fragments kept as they are: generated values may be shared (constants,
 * values fast-check replays while shrinking), and a mutation must neither change them nor tie them into a cycle.
 */
function fresh(value: unknown): unknown {
  if (value instanceof RawJson || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fresh);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) defineOwn(copy, key, (value as Record<string, unknown>)[key]);
  return copy;
}

/** The body with the mutations applied, in order; the valid body itself is left alone. */
export function mutate(valid: OrderBody, mutations: readonly Mutation[]): OrderBody {
  const body = structuredClone(valid) as Record<string, unknown>;
  const container = (path: FieldPath): { parent: Record<string, unknown> | unknown[]; key: string } | undefined => {
    const parts = path.split('/');
    let parent: unknown = body;
    for (const part of parts.slice(0, -1)) {
      if (parent === null || typeof parent !== 'object') return undefined;
      parent = (parent as Record<string, unknown>)[part];
    }
    if (parent === null || typeof parent !== 'object' || parent instanceof RawJson) return undefined;
    return { parent: parent as Record<string, unknown>, key: parts[parts.length - 1] ?? '' };
  };
  for (const change of mutations) {
    switch (change.kind) {
      case 'replace': {
        const at = container(change.path);
        if (at) defineOwn(at.parent as Record<string, unknown>, at.key, change.value);
        break;
      }
      case 'delete': {
        const at = container(change.path);
        if (at && Array.isArray(at.parent)) at.parent.splice(Number(at.key), 1);
        else if (at) delete (at.parent as Record<string, unknown>)[at.key];
        break;
      }
      case 'wrap': {
        const at = container(change.path);
        if (!at) break;
        const current = (at.parent as Record<string, unknown>)[at.key];
        defineOwn(at.parent as Record<string, unknown>, at.key, change.as === 'array' ? [current] : { value: current });
        break;
      }
      case 'extra': {
        if (change.where === 'root') defineOwn(body, change.key, change.value);
        else {
          const items = body.items;
          const first: unknown = Array.isArray(items) ? items[0] : undefined;
          if (first !== null && typeof first === 'object' && !(first instanceof RawJson)) {
            defineOwn(first as Record<string, unknown>, change.key, change.value);
          }
        }
        break;
      }
      case 'many-items':
        defineOwn(
          body,
          'items',
          Array.from({ length: change.count }, (_, index) => ({ sku: `S-${index}`, quantity: 1, unitPrice: 1 })),
        );
        break;
      case 'duplicate-sku': {
        const items = body.items;
        if (Array.isArray(items) && items.length > 0) items.push(fresh(items[0]));
        break;
      }
    }
  }
  return body;
}

/** A valid order body with 1..3 fields replaced, removed, wrapped or added. */
export const mutatedOrderBody = fc
  .tuple(validOrderBody, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([valid, mutations]) => ({ valid, mutations, body: mutate(valid, mutations) }));

// ---------------------------------------------------------------------------------------------------------------
// HTTP: ids, headers, query strings
// ---------------------------------------------------------------------------------------------------------------

/** Characters a real HTTP header value can carry: tab, visible ASCII, space, obs-text (Latin-1). */
function headerSafe(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0x09 || (code >= 0x20 && code <= 0x7e) || (code >= 0x80 && code <= 0xff)) out += char;
    else out += code < 0x20 || code === 0x7f ? '' : String.fromCharCode(0x80 + (code % 0x80));
  }
  // The HTTP parser strips optional whitespace around a value; inject does not, so neither do we send it.
  return out.trim();
}

export const headerValue = fc
  .oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom<string>(...SQL_STRINGS, ...HTML_STRINGS, ...NUMERIC_STRINGS),
    fc.string({ minLength: 100, maxLength: 400 }),
    fc.uuid(),
  )
  .map(headerSafe);

/** A request id: safe ones (echoed by the service) and unsafe ones (replaced by a UUID). */
export const requestIdHeader = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._:~+=/-]{1,128}$/),
  fc.constantFrom('a'.repeat(128), 'a'.repeat(129), 'abc def', 'abc\tdef', '<script>', 'id;drop', '%00', 'é', '\\'),
  headerValue,
);

export const contentTypeHeader = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'Application/JSON',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json; charset="utf-8"',
      'application/json ; charset=utf-8',
      'application/json; boundary=x; charset=utf-8; charset=ascii',
    ),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/problem+json',
      'application/merge-patch+json',
      'application/jsonp',
      'application/json-seq',
      'application/graphql',
      'application/xml',
      'application/octet-stream',
      '*/*',
      'application/*',
      'json',
      ';;;',
      '/',
      'application/',
      '',
    ),
  },
  { weight: 1, arbitrary: headerValue },
);

export const idempotencyKeyHeader = fc.oneof(
  fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
  fc.uuid(),
  fc.constantFrom(' ', 'a'.repeat(255), 'a'.repeat(256), 'a'.repeat(5000), 'é', 'key with spaces', '"quoted"', '*'),
  headerValue,
);

export const ifMatchHeader = (version: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      `"${version}"`,
      `"${version + 1}"`,
      `"${version - 1}"`,
      `W/"${version}"`,
      '*',
      ` "${version}" `,
      `"${version}", "${version + 1}"`,
      `${version}`,
      '""',
      '"-1"',
      '"0"',
      '"1e3"',
      '"9999999999"',
      '"999999999"',
      `"${String(version).padStart(9, '0')}"`,
      '"\u00e9"',
      'W/',
      '*, "1"',
    ),
    fc.integer({ min: -3, max: 2 ** 31 }).map((value) => `"${value}"`),
    headerValue,
  );

/**
 * An Authorization header no valid token: junk, other schemes, a bearer of junk or of a JWT with its signature,
 * algorithm or claims tampered with.
 */
export const forgedAuthorization = fc.oneof(
  headerValue,
  fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer a.b.c', 'Bearer ...', "' OR 1=1 --"),
  fc
    .tuple(fc.base64String({ minLength: 4, maxLength: 60 }), fc.base64String({ minLength: 4, maxLength: 60 }))
    .map(([header, payload]) => `Bearer ${header}.${payload}.`),
);

/** Arbitrary other headers, never ones that change how the body is framed. */
export const extraHeaders = fc.dictionary(
  fc
    .oneof(
      fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
      fc.constantFrom(
        'accept',
        'accept-encoding',
        'accept-language',
        'origin',
        'referer',
        'cookie',
        'x-forwarded-for',
        'if-none-match',
        'prefer',
        'forwarded',
      ),
    )
    .filter(
      (name) =>
        ![
          'content-length',
          'transfer-encoding',
          'host',
          'connection',
          'upgrade',
          'expect',
          'content-type',
          'x-request-id',
          'if-match',
          'idempotency-key',
          // who is asking has a property of its own (rest-place-order.test.ts): here every request is staff's
          'authorization',
          'te',
          'trailer',
        ].includes(name),
    ),
  headerValue,
  { maxKeys: 4 },
);

/** A path segment that is percent-encoded correctly: it always reaches the router. */
export function encodeSegment(value: string): string {
  // encodeURIComponent throws on lone surrogates; the service should see them as U+FFFD, as a browser sends them.
  return encodeURIComponent(wellFormed(value));
}

/** Lone surrogates replaced by U+FFFD, as `String.prototype.toWellFormed` does. */
export function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Strings in the place of an order id; UUIDs handed out by the service are added by the tests. */
export const idLike = fc.oneof(
  fc.uuid(),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.uuid().map((id) => `{${id}}`),
  fc.uuid().map((id) => `urn:uuid:${id}`),
  fc.uuid().map((id) => id.replace(/-/g, '')),
  fc.uuid().map((id) => `${id} `),
  fc.uuid().map((id) => `${id}\u0000`),
  fc.uuid().map((id) => id.slice(0, 35)),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'not-a-uuid',
    '0',
    '-1',
    'null',
    'undefined',
    '..',
    '.',
    'orders',
    '%',
    'ｆｆｆｆｆｆｆｆ-ｆｆｆｆ-ｆｆｆｆ-ｆｆｆｆ-ｆｆｆｆｆｆｆｆｆｆｆｆ',
  ),
  nastyString.filter((value) => value.length <= 60),
);

/** Query parameter values: every kind of wrong text. */
export const queryValue = fc.oneof(
  nastyString.filter((value) => value.length <= 300),
  nastyNumber.map((value) => String(value)),
  fc.constantFrom(
    'pending',
    'confirmed',
    'shipped',
    'delivered',
    'cancelled',
    'PENDING',
    'Pending',
    'pending ',
    'all',
    '',
  ),
);
